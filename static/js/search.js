// The search page: the form is plain HTML; this script runs the query in the page (through
// search-index.js) and keeps ?q= and the filters in the address, so a search can be linked
// and reloaded. Every text the index holds is put into the page as text, never as markup.
(function () {
  var form = document.querySelector("form[data-search-index]");
  if (!form) return;
  var index = window.searchIndex(form.dataset.searchIndex);
  var words = window.searchWords.words, compare = window.searchWords.compare;
  var base = form.dataset.baseUrl;
  var input = form.querySelector("input[type=search]");
  var filters = { section: document.getElementById("search-section"),
                  tag: document.getElementById("search-tag") };
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 20, EXCERPT_WORDS = 30;
  var filtersShown = false;
  document.getElementById("search-needs-script").hidden = true;

  function showFilters(shards) {
    Object.keys(filters).forEach(function (kind) {
      var names = new Set();
      shards.forEach(function (shard) {
        shard.meta.filters[kind].forEach(function (entry) { names.add(entry[0]); });
      });
      var chosen = filters[kind].value;
      Array.from(filters[kind].querySelectorAll("option[data-asked]")).forEach(function (option) {
        option.remove();
      });
      Array.from(names).sort(compare).forEach(function (name) {
        var option = document.createElement("option");
        option.value = name;
        option.textContent = name;
        filters[kind].appendChild(option);
      });
      filters[kind].value = chosen;
      filters[kind].parentNode.hidden = names.size === 0;
    });
  }

  // From the story's start when the first match is near it, else from the sentence with
  // it; "…" where the story's text goes on.
  function excerpt(text, marked, phrases, stems) {
    var parts = text.split(/\s+/).filter(Boolean);
    var hits = parts.map(function (part) {
      return words(part, stems).some(function (word) { return marked.has(word); });
    });
    var first = hits.indexOf(true), start = 0;
    if (phrases.length) first = phraseStart(parts, phrases[0], stems);
    if (first >= EXCERPT_WORDS - 5) {
      start = first;
      while (start > first - 20 && !/[.!?]$/.test(parts[start - 1])) start--;
      if (!/[.!?]$/.test(parts[start - 1])) start = first - 5;
    }
    var end = Math.min(parts.length, start + EXCERPT_WORDS);
    var paragraph = document.createElement("p");
    if (start > 0) paragraph.appendChild(document.createTextNode("… "));
    for (var i = start; i < end; i++) {
      if (i > start) paragraph.appendChild(document.createTextNode(" "));
      if (hits[i]) {
        var mark = document.createElement("mark");
        mark.textContent = parts[i];
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(parts[i]));
      }
    }
    if (end < parts.length) paragraph.appendChild(document.createTextNode(" …"));
    return paragraph;
  }

  // The first part of `parts` where the words of `phrase` begin (-1: none)
  function phraseStart(parts, phrase, stems) {
    var flat = [], owner = [];
    parts.forEach(function (part, number) {
      words(part, stems).forEach(function (word) { flat.push(word); owner.push(number); });
    });
    for (var i = 0; i + phrase.length <= flat.length; i++) {
      if (phrase.every(function (word, offset) { return flat[i + offset] === word; })) {
        return owner[i];
      }
    }
    return -1;
  }

  function item(data, state) {
    var entry = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = base + data.url;
    link.textContent = data.title;
    heading.appendChild(link);
    var about = document.createElement("p");
    about.className = "search-meta";
    about.textContent = [data.date, data.authors, data.section].filter(Boolean).join(" · ");
    entry.appendChild(heading);
    entry.appendChild(about);
    entry.appendChild(excerpt(data.text, state.marked, state.phrases, state.stems));
    return entry;
  }

  var latest = 0, current = null;

  // Show results from `from` on: PAGE more of those that hold the query's phrases
  function showMore(state, ticket) {
    var shown = [];
    function next(at) {
      if (shown.length >= PAGE || at >= state.results.length) return Promise.resolve(at);
      var batch = state.results.slice(at, at + PAGE - shown.length);
      return Promise.all(batch.map(index.record)).then(function (records) {
        records.forEach(function (data) {
          if (!state.phrases.length || index.holdsPhrases(data, state.phrases, state.stems)) {
            shown.push(data);
          } else {
            state.dropped++;
          }
        });
        return next(at + batch.length);
      });
    }
    return next(state.next).then(function (at) {
      if (ticket !== latest) return;
      state.next = at;
      state.count += shown.length;
      shown.forEach(function (data) { list.appendChild(item(data, state)); });
      var unsure = state.phrases.length && at < state.results.length;
      var total = unsure ? state.count : state.results.length - state.dropped;
      more.hidden = at >= state.results.length;
      status.textContent = total === 0 ? "No articles match “" + state.query + "”."
        : (unsure ? "More than " + total + " articles found"
                  : total + (total === 1 ? " article" : " articles") + " found") +
          (more.hidden ? "." : ", the first " + state.count + " shown.");
    });
  }

  function search(query) {
    var ticket = ++latest;
    query = query.trim();
    list.textContent = "";
    more.hidden = true;
    if (!query) {
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    var chosen = {};
    Object.keys(filters).forEach(function (kind) { chosen[kind] = filters[kind].value; });
    index.load().then(function (loaded) {
      if (!filtersShown) showFilters(loaded.shards);
      filtersShown = true;
      return index.find(query, chosen).then(function (found) {
        return { query: query, results: found.results, marked: found.marked,
                 phrases: found.phrases, stems: loaded.stems, next: 0 };
      });
    }).then(function (state) {
      if (ticket !== latest) return;
      state.count = 0;
      state.dropped = 0;
      current = state;
      return showMore(state, ticket);
    }).catch(function () {
      if (ticket !== latest) return;
      status.textContent = "Search is not available right now.";
    });
  }

  function remember() {
    var address = new URL(window.location.href);
    address.searchParams.set("q", input.value);
    Object.keys(filters).forEach(function (kind) {
      if (filters[kind].value) address.searchParams.set(kind, filters[kind].value);
      else address.searchParams.delete(kind);
    });
    window.history.replaceState(null, "", address);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    remember();
    search(input.value);
  });
  Object.keys(filters).forEach(function (kind) {
    filters[kind].addEventListener("change", function () {
      remember();
      search(input.value);
    });
  });
  more.addEventListener("click", function () {
    if (current) showMore(current, latest);
  });
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 250);
  });
  var asked = new URLSearchParams(window.location.search);
  Object.keys(filters).forEach(function (kind) {
    var chosen = asked.get(kind);
    if (chosen) {       // an option until the index's names come, so the filter holds
      var option = document.createElement("option");
      option.value = chosen;
      option.textContent = chosen;
      option.dataset.asked = "";
      filters[kind].appendChild(option);
      filters[kind].value = chosen;
    }
  });
  if (asked.get("q")) {
    input.value = asked.get("q");
    search(input.value);
  }
})();
