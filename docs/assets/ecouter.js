/* « Écouter » : sur les pages faciles à lire, lit à voix haute le texte principal (titre, blocs, mots
   difficiles), phrase par phrase, avec la synthèse vocale du navigateur (Web Speech API). La phrase lue est
   surlignée. Une voix française est choisie, de préférence une voix de l'appareil (localService) : rien
   n'est envoyé à un autre site par cette page. Pendant la lecture, la phrase lue reste à l'écran (défilement
   doux, immédiat si l'on a demandé moins d'animations) et les boutons restent accessibles (collés en haut de
   l'article, sous l'en-tête s'il est fixe). Le bouton est dans la rangée de boutons du haut de la page
   (`.up-actions` : PDF, version complète, Écouter) ; pendant la lecture, les commandes Pause et Arrêter
   passent juste sous cette rangée, collées en haut de l'écran, puis reviennent dans la rangée. Sans voix française, le bouton reste et dit pourquoi il ne peut pas
   lire, et que faire. Sans JavaScript, pas de bouton.
   Ne sont pas lus : les définitions des mots (.up-infobulle), la navigation, les boutons (la rangée du haut
   comprise), les images. */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var texte = document.querySelector(".up-falc__texte");
  if (!texte) {
    return;
  }
  var speaks = !!synth && typeof window.SpeechSynthesisUtterance === "function";
  var SKIP = ".up-infobulle, nav, button, .up-actions, .up-ecouter, .up-jumeau-bloc, script, style, [hidden], [aria-hidden='true']";
  var UNIT = ".up-phrase, h1, h2, h3, h4, dt, .up-falc__resume, p, li, dd, blockquote";

  function frenchVoice() {
    if (!speaks) { return null; }
    var voices = synth.getVoices() || [];
    var fr = voices.filter(function (v) { return /^fr(?:[-_]|$)/i.test(v.lang || ""); });
    var local = fr.filter(function (v) { return v.localService; });
    var pool = local.length ? local : fr;
    return pool.filter(function (v) { return /^fr[-_]FR$/i.test(v.lang); })[0] || pool[0] || null;
  }

  /* The units read, in reading order: each one a sentence, a heading, a term… and the element to highlight. */
  function units() {
    var out = [];
    var walker = document.createTreeWalker(texte, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var node;
    while ((node = walker.nextNode())) {
      var element = node.parentElement.closest(UNIT) || texte;
      var last = out[out.length - 1];
      if (last && last.element === element) {
        last.text += node.data;
      } else {
        out.push({ element: element, text: node.data });
      }
    }
    return out.map(function (u) { return { element: u.element, text: u.text.replace(/\s+/g, " ").trim() }; })
      .filter(function (u) { return u.text; });
  }

  var run = 0;
  var current = null;
  var row, box, play, pause, stop, status, why;

  /* The heading block's row of buttons (made by the PDF step after the title; made here when the page has no
     PDF), with the link to the full version in it. */
  function actionRow() {
    var found = texte.querySelector(".up-actions");
    if (found) { return found; }
    var made = document.createElement("div");
    made.className = "up-actions";
    var title = texte.querySelector("h1");
    var twin = texte.querySelector(".up-jumeau-bloc");
    var anchor = twin || title;
    if (anchor) { anchor.after(made); } else { texte.prepend(made); }
    if (twin) { made.appendChild(twin); }
    return made;
  }

  /* The height a sticky or fixed header covers at the top of the window once stuck (0 when it scrolls away). */
  function covered() {
    var header = document.querySelector(".md-header");
    if (!header) { return 0; }
    var style = window.getComputedStyle(header);
    if (style.position !== "sticky" && style.position !== "fixed") { return 0; }
    return (parseFloat(style.top) || 0) + header.getBoundingClientRect().height;
  }

  /* The sentence being read stays on screen, below the controls: if it is not, it comes to the middle. */
  function keepInView(element) {
    if (box) { box.style.top = covered() + "px"; }  /* the header may have changed (text size, window) */
    var rect = element.getBoundingClientRect();
    var top = covered() + (box ? box.getBoundingClientRect().height : 0);
    if (rect.top >= top && rect.bottom <= window.innerHeight) { return; }
    var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var room = window.innerHeight - top;
    var offset = rect.height < room ? (room - rect.height) / 2 : 0;
    window.scrollBy({ top: rect.top - top - offset, behavior: still ? "auto" : "smooth" });
  }

  function highlight(element) {
    if (current) { current.classList.remove("up-lu"); }
    current = element;
    if (current) {
      current.classList.add("up-lu");
      keepInView(current);
    }
  }

  function show(state) {
    var focused = box.contains(document.activeElement);
    play.hidden = state !== "arret";
    pause.hidden = state === "arret";
    stop.hidden = state === "arret";
    pause.textContent = state === "pause" ? "Reprendre" : "Pause";
    status.textContent = state === "lecture" ? "Lecture en cours." : state === "pause" ? "Lecture en pause." : "";
    box.setAttribute("data-etat", state);
    /* While reading, the controls leave the row for the band just under it, which sticks to the top of the text
       (under a fixed header); stopped, they are back in the row. Focus follows: it never falls on a hidden button. */
    if (state !== "arret" && box.parentNode === row) { row.after(box); }
    if (state === "arret" && box.parentNode !== row) { row.appendChild(box); }
    box.classList.toggle("up-ecouter--colle", state !== "arret");
    box.style.top = state !== "arret" ? covered() + "px" : "";
    if (focused && document.activeElement !== pause && document.activeElement !== stop && state !== "arret") {
      pause.focus();
    } else if (focused && state === "arret") {
      play.focus();
    }
  }

  /* No French voice (or no speech synthesis): say why, and what to do, instead of reading. */
  function explain() {
    why.hidden = false;
    why.textContent = speaks
      ? "Lecture impossible : votre appareil n'a pas de voix française. Ajoutez-en une dans ses réglages " +
        "(synthèse vocale, langue français), puis rechargez la page ; ou utilisez la lecture à voix haute de " +
        "votre appareil."
      : "Lecture impossible : votre navigateur ne sait pas lire à voix haute. Utilisez la lecture à voix haute " +
        "de votre appareil, ou un autre navigateur.";
    play.setAttribute("aria-describedby", why.id);
  }

  function finish() {
    run += 1;
    highlight(null);
    show("arret");
  }

  function start() {
    var voice = frenchVoice();
    if (!voice) {
      explain();
      return;
    }
    why.hidden = true;
    var list = units();
    var token = (run += 1);
    synth.cancel();
    function speak(i) {
      if (token !== run) { return; }
      if (i >= list.length) { finish(); return; }
      var utterance = new window.SpeechSynthesisUtterance(list[i].text);
      utterance.lang = voice && voice.lang ? voice.lang : "fr-FR";
      if (voice) { utterance.voice = voice; }
      utterance.onstart = function () { if (token === run) { highlight(list[i].element); } };
      utterance.onend = function () { speak(i + 1); };
      utterance.onerror = function () { if (token === run) { finish(); } };
      synth.speak(utterance);
    }
    show("lecture");
    speak(0);
  }

  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "up-bouton up-bouton--second";
    b.textContent = label;
    b.addEventListener("click", action);
    return b;
  }

  function build() {
    if (box) { return; }
    box = document.createElement("div");
    box.className = "up-ecouter";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Écouter la page");
    play = button("Écouter", start);
    play.setAttribute("aria-label", "Écouter la page à voix haute");
    pause = button("Pause", function () {
      if (synth.paused || box.getAttribute("data-etat") === "pause") { synth.resume(); show("lecture"); }
      else { synth.pause(); show("pause"); }
    });
    stop = button("Arrêter", function () { run += 1; synth.cancel(); finish(); });
    status = document.createElement("p");
    status.className = "up-visually-hidden";
    status.setAttribute("role", "status");
    why = document.createElement("p");
    why.className = "up-ecouter__pourquoi";
    why.id = "up-ecouter-pourquoi";
    why.setAttribute("role", "status");
    why.hidden = true;
    box.append(play, pause, stop, status, why);
    row = actionRow();
    row.appendChild(box);
    show("arret");
  }

  build();
  window.addEventListener("pagehide", function () { if (speaks) { synth.cancel(); } });
}());
