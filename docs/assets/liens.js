/* Les liens de la page, en un seul fichier (une requête de moins à chaque page) :
   1. « Partager ce lien » : un bouton visible à côté du titre de chaque section (h2), au toucher, à la souris
      et au clavier ; il ouvre le partage de l'appareil s'il y en a un, sinon copie l'adresse de la section.
      Sans JavaScript, le sommaire de la page mène à chaque section.
   2. Les définitions du lexique, dans un panneau (plus bas). */
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

/* Définitions du lexique. Dans le texte, un mot expliqué est un lien vers le lexique ; sa définition entière est
   dans un bloc caché en fin de page (macros/render/glossary.py). Ici, un toucher, un clic, Entrée ou Espace sur le
   mot ouvre sa définition dans un panneau posé sous la ligne du mot, par-dessus le texte : rien ne bouge, ni au
   survol ni à l'ouverture. Le panneau se ferme par son bouton « Fermer », un toucher ou un clic ailleurs, ou
   Échap ; le focus revient alors au mot. Un seul panneau par page, placé juste après le mot ouvert : Tab y mène
   (« Fermer », puis « Voir dans le lexique »), et le quitter le referme. Sans JavaScript, le mot reste un lien. */
(function () {
  "use strict";
  var panel = null;
  var current = null;

  function definitionOf(term) {
    var node = document.getElementById(term.getAttribute("aria-describedby") || "");
    return node && node.classList.contains("up-infobulle") ? node : null;
  }

  function makePanel() {
    panel = document.createElement("span");
    panel.className = "up-panneau";
    panel.id = "up-panneau";
    panel.setAttribute("role", "group");
    panel.setAttribute("aria-labelledby", "up-panneau-titre");
    panel.hidden = true;
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.stopPropagation();
        close(true);
      }
    });
    return panel;
  }

  function fill(term, definition) {
    while (panel.firstChild) {
      panel.removeChild(panel.firstChild);
    }
    var head = document.createElement("span");
    head.className = "up-panneau__tete";
    var title = document.createElement("strong");
    title.className = "up-panneau__titre";
    title.id = "up-panneau-titre";
    var label = definition.querySelector(".up-infobulle__terme");
    title.textContent = label ? label.textContent : term.textContent;
    head.appendChild(title);
    /* First, and always in sight at the top: a long definition scrolls inside the panel, below it. */
    var button = document.createElement("button");
    button.type = "button";
    button.className = "up-panneau__fermer";
    button.textContent = "Fermer";
    button.setAttribute("aria-label", "Fermer la définition de « " + term.textContent + " »");
    button.addEventListener("click", function () { close(true); });
    head.appendChild(button);
    panel.appendChild(head);
    var text = document.createElement("span");
    text.className = "up-panneau__texte";
    var body = definition.querySelector(".up-infobulle__texte");
    text.textContent = body ? body.textContent : definition.textContent;
    panel.appendChild(text);
    var note = definition.querySelector(".up-infobulle__note");
    if (note) {
      var more = document.createElement("span");
      more.className = "up-panneau__note";
      more.textContent = note.textContent;
      panel.appendChild(more);
    }
    var link = document.createElement("a");
    link.className = "up-panneau__lien";
    link.href = term.href;
    link.textContent = term.getAttribute("href").charAt(0) === "#" ? "Voir dans « Les mots difficiles »" : "Voir dans le lexique";
    panel.appendChild(link);
  }

  /* Below the last line of the term, inside the screen (8 px margins), over the text. */
  function place(term) {
    var rects = term.getClientRects();
    var line = rects.length ? rects[rects.length - 1] : term.getBoundingClientRect();
    var parent = panel.offsetParent || document.body;
    var box = parent.getBoundingClientRect();
    var screen = document.documentElement.clientWidth;
    var width = panel.offsetWidth;
    var left = Math.max(8, Math.min(line.left, screen - width - 8));
    panel.style.left = (left - box.left - parent.clientLeft + parent.scrollLeft) + "px";
    panel.style.top = (line.bottom - box.top - parent.clientTop + parent.scrollTop + 4) + "px";
  }

  function open(term) {
    var definition = definitionOf(term);
    if (!definition) {
      return;
    }
    if (current && current !== term) {
      close(false);
    }
    fill(term, definition);
    term.parentNode.insertBefore(panel, term.nextSibling);
    panel.hidden = false;
    panel.style.left = "0px";
    panel.style.top = "0px";
    place(term);
    term.setAttribute("aria-expanded", "true");
    current = term;
    /* Its end on screen (a long definition under a word low on a phone), without animation if asked. */
    var end = panel.getBoundingClientRect().bottom;
    if (end > window.innerHeight) {
      var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      window.scrollBy({ top: Math.min(end - window.innerHeight + 8, term.getBoundingClientRect().top - 80),
        behavior: still ? "auto" : "smooth" });
    }
  }

  function close(refocus) {
    if (!current) {
      return;
    }
    var term = current;
    current = null;
    term.setAttribute("aria-expanded", "false");
    panel.hidden = true;
    if (refocus) {
      term.focus();
    }
  }

  function enhance() {
    document.querySelectorAll("a.up-terme[aria-describedby]:not([aria-expanded])").forEach(function (term) {
      if (!definitionOf(term)) {
        return;
      }
      if (!panel) {
        makePanel();
      }
      term.setAttribute("role", "button");
      term.setAttribute("aria-controls", "up-panneau");
      term.setAttribute("aria-expanded", "false");
      term.addEventListener("click", function (event) {
        event.preventDefault();
        if (current === term) {
          close(false);
        } else {
          open(term);
        }
      });
      term.addEventListener("keydown", function (event) {
        if (event.key === " ") {
          event.preventDefault();
          term.click();
        }
      });
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) {
      close(true);
    }
  });
  /* A tap or a click elsewhere closes it; so does the keyboard leaving the term and its panel. */
  document.addEventListener("click", function (event) {
    if (current && event.target !== current && !panel.contains(event.target)) {
      close(false);
    }
  });
  document.addEventListener("focusin", function (event) {
    if (current && event.target !== current && !panel.contains(event.target)) {
      close(false);
    }
  });
  window.addEventListener("resize", function () {
    if (current) {
      place(current);
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
