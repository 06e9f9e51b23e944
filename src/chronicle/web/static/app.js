// Citation previews on the story page: hovering or focusing a citation shows the cited
// sentence and its article, and flashes the sentence in the side-by-side columns.
// Text is only ever set through textContent: article text never becomes markup here.
"use strict";
(function () {
  const pop = document.getElementById("cite-pop");
  if (!pop) return;
  let flashed = null;

  function show(link) {
    pop.textContent = "";
    const source = document.createElement("div");
    source.className = "source";
    source.textContent = link.dataset.source || "";
    const quote = document.createElement("blockquote");
    quote.textContent = link.dataset.quote || "";
    const hint = document.createElement("div");
    hint.className = "hint";
    hint.textContent = "click to open the article at this sentence";
    pop.append(source, quote, hint);
    const box = link.getBoundingClientRect();
    pop.style.left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + window.innerWidth - 440)) + "px";
    pop.style.top = (window.scrollY + box.bottom + 6) + "px";
    pop.hidden = false;
    const target = document.getElementById(link.dataset.target || "");
    if (target) {
      flashed = target;
      target.classList.add("flash");
      const column = target.closest(".text");
      if (column) column.scrollTop = target.offsetTop - column.offsetTop - 40;
    }
  }

  function hide() {
    pop.hidden = true;
    if (flashed) flashed.classList.remove("flash");
    flashed = null;
  }

  document.querySelectorAll("a.cite").forEach(function (link) {
    link.addEventListener("mouseenter", function () { show(link); });
    link.addEventListener("focus", function () { show(link); });
    link.addEventListener("mouseleave", hide);
    link.addEventListener("blur", hide);
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
})();
