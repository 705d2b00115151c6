// Site search with pagefind's JavaScript API. The index is in shards (pagefind/shards.json):
// the first is loaded, the others merged into it. The form is plain HTML; this script runs
// the query in the page and keeps ?q= in the address, so a search can be linked and reloaded.
(function () {
  var form = document.querySelector("form[data-pagefind-bundle]");
  if (!form) return;
  var bundle = form.dataset.pagefindBundle;
  var input = form.querySelector("input[type=search]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var EXCERPT_WORDS = 30;
  document.getElementById("search-needs-script").hidden = true;
  var pagefind = null;
  var latest = 0;

  function load() {
    if (!pagefind) {
      pagefind = fetch(bundle + "shards.json").then(function (response) {
        if (!response.ok) throw new Error("no search index");
        return response.json();
      }).then(function (index) {
        var first = bundle + index.shards[0];
        return import(first + "pagefind.js").then(function (module) {
          return module.options({ baseUrl: form.dataset.baseUrl, excerptLength: EXCERPT_WORDS })
            .then(function () {
              return Promise.all(index.shards.slice(1).map(function (shard) {
                return module.mergeIndex(bundle + shard, { baseUrl: form.dataset.baseUrl });
              }));
            }).then(function () { return module; });
        });
      });
    }
    return pagefind;
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  // pagefind's text of a record starts with the title, which the result shows as its
  // heading; the excerpt is taken from the story's own text: from its start when the first
  // match is near it, otherwise from the sentence with the first match. Always ends in "…"
  // when the story goes on.
  function excerpt(data) {
    var words = data.content.split(/[\r\n\s]+/g);
    var skip = (data.meta.title || "").split(/[\r\n\s]+/g).filter(Boolean).length;
    var marked = {};
    data.locations.forEach(function (at) { marked[at] = true; });
    var first = data.locations.filter(function (at) { return at >= skip; })
      .sort(function (a, b) { return a - b; })[0];
    var start = skip;
    if (first !== undefined && first - skip >= EXCERPT_WORDS - 5) {
      start = first;
      while (start > first - 20 && start > skip && !/[.!?]$/.test(words[start - 1])) start--;
      if (start > skip && !/[.!?]$/.test(words[start - 1])) start = Math.max(skip, first - 5);
    }
    var end = Math.min(words.length, start + EXCERPT_WORDS);
    var shown = words.slice(start, end).map(function (word, offset) {
      var text = escapeHtml(word);
      return marked[start + offset] ? "<mark>" + text + "</mark>" : text;
    }).join(" ");
    return (start > skip ? "… " : "") + shown + (end < words.length ? " …" : "");
  }

  function show(results) {
    list.textContent = "";
    results.forEach(function (result) {
      var item = document.createElement("li");
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.meta.title || result.url;
      heading.appendChild(link);
      var about = document.createElement("p");
      about.className = "search-meta";
      about.textContent = [result.meta.date, result.meta.author, result.meta.section]
        .filter(Boolean).join(" · ");
      var text = document.createElement("p");
      text.innerHTML = excerpt(result);       // words escaped above, matches in <mark>
      item.appendChild(heading);
      item.appendChild(about);
      item.appendChild(text);
      list.appendChild(item);
    });
  }

  function search(query) {
    var ticket = ++latest;
    query = query.trim();
    if (!query) {
      list.textContent = "";
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    load().then(function (module) {
      return module.search(query);
    }).then(function (found) {
      return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }))
        .then(function (results) { return [found.results.length, results]; });
    }).then(function (answer) {
      if (ticket !== latest) return;
      var total = answer[0];
      show(answer[1]);
      status.textContent = total === 0 ? "No articles match “" + query + "”."
        : total + (total === 1 ? " article" : " articles") + " found" +
          (total > answer[1].length ? ", the first " + answer[1].length + " shown." : ".");
    }).catch(function () {
      if (ticket !== latest) return;
      status.textContent = "Search is not available right now.";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var address = new URL(window.location.href);
    address.searchParams.set("q", input.value);
    window.history.replaceState(null, "", address);
    search(input.value);
  });
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 250);
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
