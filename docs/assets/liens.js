/* Les liens de la page, en un seul fichier (une requête de moins à chaque page) :
   1. « Partager ce lien » : un bouton visible à côté du titre de chaque section (h2), au toucher, à la souris
      et au clavier ; il ouvre le partage de l'appareil s'il y en a un, sinon copie l'adresse de la section.
      Sans JavaScript, le sommaire de la page mène à chaque section.
   2. Les définitions du lexique (plus bas). */
(function () {
  "use strict";
  function addButtons() {
    document.querySelectorAll(".md-content h2[id]").forEach(function (heading) {
      if (heading.querySelector(".up-copier") || !heading.querySelector(".headerlink")) {
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "up-copier";
      var title = heading.textContent.replace("¶", "").trim();
      button.setAttribute("aria-label", "Partager ce lien vers la section « " + title + " »");
      button.textContent = "Partager ce lien";
      button.addEventListener("click", function () {
        var url = window.location.href.split("#")[0] + "#" + heading.id;
        var done = function () {
          button.textContent = "Lien copié";
          window.setTimeout(function () { button.textContent = "Partager ce lien"; }, 2000);
        };
        var copy = function () {
          if (navigator.clipboard && navigator.clipboard.writeText) {
            navigator.clipboard.writeText(url).then(done, function () { window.prompt("Copiez ce lien :", url); });
          } else {
            window.prompt("Copiez ce lien :", url);
          }
        };
        if (navigator.share && window.matchMedia("(pointer: coarse)").matches) {
          navigator.share({ title: title, url: url }).catch(function () {});
        } else {
          copy();
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

/* Définitions du lexique : un toucher, un clic ou la touche Entrée sur un mot pointillé ouvre sa définition
   sur place (et la referme) ; Échap la ferme ; la définition contient un lien « Voir dans le lexique ».
   Sans JavaScript, le mot reste un lien vers le lexique, et sa définition s'affiche au survol et au clavier. */
(function () {
  "use strict";
  function toggle(term, open) {
    term.setAttribute("aria-expanded", open ? "true" : "false");
    term.classList.toggle("up-terme--ferme", !open);
  }
  function closeAll(except) {
    document.querySelectorAll('a.up-terme[aria-expanded="true"]').forEach(function (term) {
      if (term !== except) {
        toggle(term, false);
      }
    });
  }
  function enhance() {
    document.querySelectorAll("a.up-terme[aria-describedby]:not([aria-expanded])").forEach(function (term) {
      var bubble = document.getElementById(term.getAttribute("aria-describedby"));
      if (!bubble || !bubble.classList.contains("up-infobulle")) {
        return;
      }
      /* The description keeps the definition only; the bubble, now holding a link, is no longer a tooltip. */
      var text = document.createElement("span");
      while (bubble.firstChild) {
        text.appendChild(bubble.firstChild);
      }
      text.id = bubble.id;
      bubble.id = bubble.id + "-bulle";
      bubble.removeAttribute("role");
      bubble.appendChild(text);
      var more = document.createElement("a");
      more.className = "up-infobulle__lien";
      more.href = term.href;
      more.textContent = "Voir dans le lexique";
      bubble.appendChild(document.createTextNode(" "));
      bubble.appendChild(more);
      term.setAttribute("role", "button");
      term.setAttribute("aria-controls", bubble.id);
      /* Closed, but still shown on hover and focus until dismissed (Escape) or toggled. */
      term.setAttribute("aria-expanded", "false");
      term.addEventListener("click", function (event) {
        event.preventDefault();
        var open = term.getAttribute("aria-expanded") !== "true";
        closeAll(term);
        toggle(term, open);
      });
      term.addEventListener("keydown", function (event) {
        if (event.key === " ") {
          event.preventDefault();
          term.click();
        }
      });
      /* A definition dismissed with Escape comes back at the next hover or focus. */
      ["blur", "mouseleave"].forEach(function (name) {
        term.addEventListener(name, function () {
          if (term.getAttribute("aria-expanded") !== "true") {
            term.classList.remove("up-terme--ferme");
          }
        });
      });
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    document.querySelectorAll("a.up-terme[aria-expanded]").forEach(function (term) {
      if (term.getAttribute("aria-expanded") === "true" || term === document.activeElement || term.matches(":hover")) {
        toggle(term, false);
      }
    });
    var active = document.activeElement;
    if (active && active.classList.contains("up-infobulle__lien")) {
      active.parentNode.previousElementSibling.focus();
    }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(enhance);
  }
})();
