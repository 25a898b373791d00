// gongkai default theme: the large-text (适老化) switch, remembered across pages.
// Without JavaScript the switch still works on the page it is used on: its link targets
// #large-text, and the stylesheet enlarges the page while that anchor is the target.
(function () {
  "use strict";
  var root = document.documentElement;
  function remember(on) {
    try { localStorage.setItem("gongkai-large", on ? "1" : "0"); } catch (e) { /* private mode */ }
  }
  function set(on) {
    root.classList.toggle("large", on);
    remember(on);
    if (!on && location.hash === "#large-text") {
      history.replaceState(null, "", location.pathname + location.search);
    }
  }
  if (location.hash === "#large-text") set(true);
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest(".to-large, .to-normal");
    if (!a) return;
    e.preventDefault();
    set(a.classList.contains("to-large"));
    var other = document.querySelector(a.classList.contains("to-large") ? ".to-normal" : ".to-large");
    if (other) other.focus();
  });
})();
