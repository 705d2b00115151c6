// Reads the search index the build writes (search-index/: see sitegen/outputs/search.py):
// the shards' metadata once, then only the word files a query needs, and the records of
// the results shown. search.js is the page that uses it.
window.searchIndex = function (bundle) {
  var K1 = 1.2, B = 0.75;                     // BM25's usual settings
  var PREFIX_SCORE = 0.5, PREFIX_FROM = 3;    // "batt" finds battery, ranked below a whole word
  var words = window.searchWords.words, compare = window.searchWords.compare;

  function json(path) {
    return fetch(bundle + path).then(function (response) {
      if (!response.ok) throw new Error("no search index");
      return response.json();
    });
  }
  var loaded = null;
  function load() {
    if (!loaded) {
      loaded = json("index.json").then(function (top) {
        return Promise.all(top.shards.map(function (name) {
          return json(name + "/meta.json").then(function (meta) {
            return { name: name, meta: meta, files: {} };
          });
        })).then(function (shards) {
          var count = 0, length = 0;
          shards.forEach(function (shard) {
            count += shard.meta.docs.length;
            length += shard.meta.words;
          });
          return { shards: shards, stems: top.stems, count: count,
                   average: length / Math.max(count, 1) };
        });
      });
      loaded.catch(function () { loaded = null; });     // try again at the next query
    }
    return loaded;
  }

  // The word files of a shard that may hold the words from `low` to `high`, and with a
  // `prefix`, the words that start with it
  function wordFiles(shard, low, high, prefix) {
    var firsts = shard.meta.chunks, at = 0;
    for (var i = 0; i < firsts.length && compare(firsts[i], low) <= 0; i++) at = i;
    var chosen = [at];
    while (at + 1 < firsts.length && (compare(firsts[at + 1], high) <= 0 ||
                                      (prefix && firsts[at + 1].startsWith(prefix)))) {
      chosen.push(++at);
    }
    return Promise.all(chosen.map(function (number) {
      if (!shard.files[number]) {
        shard.files[number] = json(shard.name + "/w" + number + ".json");
        shard.files[number].catch(function () { delete shard.files[number]; });
      }
      return shard.files[number];
    }));
  }

  // What a query asks: its words (each whole, or also as the start of a longer word) and
  // its quoted phrases, which a result must hold word for word.
  function parse(query, stems) {
    var terms = [], phrases = [];
    query.split('"').forEach(function (part, number) {
      var found = words(part, stems);
      if (number % 2 === 1 && found.length > 1) phrases.push(found);
      found.forEach(function (word, place) {
        var raw = words(part, false)[place];
        terms.push({ word: word, prefix: number % 2 === 0 && Array.from(raw).length >= PREFIX_FROM
                     ? raw : null });
      });
    });
    return { terms: terms, phrases: phrases };
  }

  // For each term, in each shard, the index's words that match it and their postings
  function matches(index, term) {
    return Promise.all(index.shards.map(function (shard) {
      var ends = [term.word, term.prefix || term.word].sort(compare);
      return wordFiles(shard, ends[0], ends[1], term.prefix).then(function (files) {
        var found = [];
        files.forEach(function (file) {
          file.forEach(function (entry) {
            var word = entry[0], exact = word === term.word;
            if (exact || (term.prefix && word.startsWith(term.prefix))) {
              found.push({ word: word, exact: exact, postings: entry[1] });
            }
          });
        });
        return found;
      });
    }));
  }

  // Whether a story of this shard is in every chosen filter ({section: name, tag: name})
  function allowed(shard, chosenFilters) {
    var sets = [];
    Object.keys(chosenFilters).forEach(function (kind) {
      var chosen = chosenFilters[kind];
      if (chosen) {
        var entry = shard.meta.filters[kind].find(function (entry) { return entry[0] === chosen; });
        sets.push(new Set(entry ? entry[1] : []));
      }
    });
    return function (doc) { return sets.every(function (set) { return set.has(doc); }); };
  }

  // BM25 over the whole site: a story must match every term; a term scores by its best
  // matching word there
  function rank(index, terms, found, chosenFilters) {
    var frequency = new Map();      // not an object: "constructor" is a word too
    found.forEach(function (perShard) {
      perShard.forEach(function (matchesHere) {
        matchesHere.forEach(function (match) {
          frequency.set(match.word, (frequency.get(match.word) || 0) + match.postings.length / 2);
        });
      });
    });
    var results = [], marked = new Set();
    index.shards.forEach(function (shard, number) {
      var scores = null, keep = allowed(shard, chosenFilters);
      terms.forEach(function (term, place) {
        var best = new Map();
        found[place][number].forEach(function (match) {
          marked.add(match.word);
          var df = frequency.get(match.word);
          var idf = Math.log(1 + (index.count - df + 0.5) / (df + 0.5));
          var postings = match.postings;
          for (var i = 0; i < postings.length; i += 2) {
            var doc = postings[i], weight = postings[i + 1];
            var length = shard.meta.docs[doc][1];
            var score = idf * weight * (K1 + 1) /
              (weight + K1 * (1 - B + B * length / index.average)) * (match.exact ? 1 : PREFIX_SCORE);
            if (!(best.get(doc) >= score)) best.set(doc, score);
          }
        });
        if (scores === null) {
          scores = best;
        } else {
          scores.forEach(function (score, doc) {
            if (best.has(doc)) scores.set(doc, score + best.get(doc)); else scores.delete(doc);
          });
        }
      });
      scores.forEach(function (score, doc) {
        if (keep(doc)) results.push({ score: score, shard: number, doc: doc,
                                      id: shard.meta.docs[doc][0] });
      });
    });
    results.sort(function (a, b) {
      return b.score - a.score || a.shard - b.shard || a.doc - b.doc;
    });
    return { results: results, marked: marked };
  }

  function record(result) {
    if (!result.record) result.record = json("records/" + result.id + ".json");
    return result.record;
  }

  function holdsPhrases(data, phrases, stems) {
    var all = words(data.title, stems).concat(["\u0000"], words(data.text, stems)).join(" ");
    return phrases.every(function (phrase) {
      return (" " + all + " ").indexOf(" " + phrase.join(" ") + " ") !== -1;
    });
  }

  // The stories that match a query, best first, and the index's words that matched
  function find(query, chosenFilters) {
    return load().then(function (index) {
      var asked = parse(query, index.stems);
      if (!asked.terms.length) return { results: [], marked: new Set(), phrases: [] };
      return Promise.all(asked.terms.map(function (term) { return matches(index, term); }))
        .then(function (found) {
          var ranked = rank(index, asked.terms, found, chosenFilters);
          ranked.phrases = asked.phrases;
          return ranked;
        });
    });
  }

  return { load: load, find: find, record: record, holdsPhrases: holdsPhrases };
};
