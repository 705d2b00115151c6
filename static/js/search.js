// Site search with pagefind's JavaScript API. The form is plain HTML; this script runs the
// query in the page, and keeps ?q= in the address so a search can be linked and reloaded.
(function () {
  var form = document.querySelector("form[data-pagefind-bundle]");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  document.getElementById("search-needs-script").hidden = true;
  var pagefind = null;
  var latest = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(form.dataset.pagefindBundle + "pagefind.js").then(function (module) {
        return module.options({ baseUrl: form.dataset.baseUrl }).then(function () { return module; });
      });
    }
    return pagefind;
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
      var excerpt = document.createElement("p");
      excerpt.innerHTML = result.excerpt;   // pagefind escapes the text and adds <mark>
      item.appendChild(heading);
      item.appendChild(excerpt);
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
      return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (ticket !== latest) return;
      show(results);
      status.textContent = results.length === 0 ? "No articles match “" + query + "”."
        : results.length + (results.length === 1 ? " article" : " articles") + " found.";
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
