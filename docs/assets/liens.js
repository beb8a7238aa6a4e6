/* « Copier le lien » : un bouton à côté de chaque titre de section, utilisable au clavier.
   Sans JavaScript, le lien permanent (¶) de chaque titre reste disponible. */
(function () {
  "use strict";
  function addButtons() {
    document.querySelectorAll(".md-content h2[id], .md-content h3[id]").forEach(function (heading) {
      if (heading.querySelector(".up-copier") || !heading.querySelector(".headerlink")) {
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "up-copier";
      var title = heading.textContent.replace("¶", "").trim();
      button.setAttribute("aria-label", "Copier le lien vers la section « " + title + " »");
      button.textContent = "Copier le lien";
      button.addEventListener("click", function () {
        var url = window.location.href.split("#")[0] + "#" + heading.id;
        var done = function () {
          button.textContent = "Lien copié";
          window.setTimeout(function () { button.textContent = "Copier le lien"; }, 2000);
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(url).then(done, function () { window.prompt("Copiez ce lien :", url); });
        } else {
          window.prompt("Copiez ce lien :", url);
        }
      });
      heading.appendChild(button);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addButtons);
  } else {
    addButtons();
  }
})();
