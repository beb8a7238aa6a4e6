/* Paramètres d'affichage : appliqués sur chaque page, mémorisés dans le navigateur (localStorage).
   Sans JavaScript, le site reste entièrement utilisable avec l'affichage par défaut. */
(function () {
  "use strict";
  /* The field names and the storage key come from the page (<meta name="up-reglages">, made from the one list
     in macros/render/settings.py). */
  var META = document.querySelector('meta[name="up-reglages"]');
  var KEY = META ? META.getAttribute("data-cle") : "up-reglages";
  var FIELDS = META ? META.getAttribute("content").split(" ") : [];

  function read() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY)) || {};
    } catch (e) {
      return {};
    }
  }

  function apply(settings) {
    var root = document.documentElement;
    FIELDS.forEach(function (name) {
      var value = settings[name];
      if (value && value !== "defaut") {
        root.setAttribute("data-up-" + name, value);
      } else {
        root.removeAttribute("data-up-" + name);
      }
    });
  }

  apply(read());

  function bindForm() {
    var form = document.getElementById("up-reglages");
    if (!form) {
      return;
    }
    form.removeAttribute("hidden");
    var notice = document.getElementById("up-reglages-sans-js");
    if (notice) {
      notice.setAttribute("hidden", "");
    }
    var settings = read();
    FIELDS.forEach(function (name) {
      var value = settings[name] || "defaut";
      var input = form.querySelector('input[name="' + name + '"][value="' + value + '"]');
      if (input) {
        input.checked = true;
      }
    });
    var status = document.getElementById("up-reglages-statut");
    var palette = document.querySelectorAll('input[name="__palette"]');
    /* The current theme: the one the theme's script applied to <body> (its inputs may not be checked yet). */
    var media = document.body.getAttribute("data-md-color-media");
    palette.forEach(function (input, index) {
      if (media ? input.getAttribute("data-md-color-media") === media : input.checked) {
        var choice = form.querySelector('input[name="theme"][value="' + index + '"]');
        if (choice) {
          choice.checked = true;
        }
      }
    });
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (!target || !target.name) {
        return;
      }
      if (target.name === "theme") {
        /* The theme belongs to the theme's own palette switch, which remembers it. */
        var input = palette[Number(target.value)];
        if (input) {
          input.checked = true;
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }
        if (status) {
          status.textContent = "Thème enregistré : il s'applique à toutes les pages de ce site.";
        }
        return;
      }
      var current = read();
      current[target.name] = target.value;
      window.localStorage.setItem(KEY, JSON.stringify(current));
      apply(current);
      /* A new text size moves everything: the choice just made stays in view. */
      var label = target.closest("label") || target;
      label.scrollIntoView({ block: "center" });
      if (status) {
        status.textContent = "Réglage enregistré : il s'applique à toutes les pages de ce site.";
      }
    });
    form.addEventListener("reset", function () {
      window.localStorage.removeItem(KEY);
      apply({});
      window.setTimeout(function () {
        FIELDS.forEach(function (name) {
          var input = form.querySelector('input[name="' + name + '"][value="defaut"]');
          if (input) {
            input.checked = true;
          }
        });
        if (status) {
          status.textContent = "Réglages remis à zéro.";
        }
      }, 0);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bindForm);
  } else {
    bindForm();
  }
  /* Material for MkDocs swaps pages without reloading when instant navigation is on. */
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(bindForm);
  }
})();
