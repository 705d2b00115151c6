// Load the comments provider only when the reader asks: no request to another host before that.
// The thread element carries giscus's own data-* settings; they are copied onto its script.
(function () {
  var thread = document.getElementById("comments-thread");
  var button = document.querySelector(".comments-load");
  if (!thread || !button) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var script = document.createElement("script");
    script.src = "https://giscus.app/client.js";
    script.async = true;
    script.crossOrigin = "anonymous";
    Object.keys(thread.dataset).forEach(function (key) {
      script.dataset[key] = thread.dataset[key];
    });
    thread.appendChild(script);
    // The button has done its job; keep keyboard focus in the comments.
    button.hidden = true;
    thread.tabIndex = -1;
    thread.focus();
  }, { once: true });
})();
