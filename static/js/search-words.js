// The word rule the search index was made with (sitegen/outputs/search_text.py), shared by
// the index's reader (search-index.js) and the page (search.js).
window.searchWords = (function () {
  // The word rule of sitegen/outputs/search_text.py: runs of letters and digits, each
  // character alone in scripts written without spaces, English plurals stemmed.
  var UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf" +
                 "\u4e00-\u9fff\uf900-\ufaff";
  var WORD = new RegExp("(?:(?![" + UNSPACED + "])[\\p{L}\\p{N}])+|[" + UNSPACED + "]", "gu");
  function stem(word) {
    if (Array.from(word).length <= 3) return word;
    if (/ies$/.test(word) && !/[ea]ies$/.test(word)) return word.slice(0, -3) + "y";
    if (/es$/.test(word) && !/[aeo]es$/.test(word)) return word.slice(0, -1);
    if (/s$/.test(word) && !/(us|ss)$/.test(word)) return word.slice(0, -1);
    return word;
  }
  function words(text, stems) {
    var found = text.toLowerCase().match(WORD) || [];
    return stems ? found.map(stem) : found;
  }
  // Python's order of strings (by code point), which JavaScript's < is not beyond U+FFFF
  function compare(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var difference = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (difference) return difference;
    }
    return x.length - y.length;
  }

  return { words: words, compare: compare };
})();
