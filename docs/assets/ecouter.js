/* « Écouter » : sur les pages faciles à lire, lit à voix haute le texte principal (titre, blocs, mots
   difficiles), phrase par phrase, avec la synthèse vocale du navigateur (Web Speech API). La phrase lue est
   surlignée. Une voix française est choisie, de préférence une voix de l'appareil (localService) : rien
   n'est envoyé à un autre site par cette page. Sans JavaScript ou sans voix française, pas de bouton.
   Ne sont pas lus : les définitions des mots (.up-infobulle), la navigation, les boutons, les images. */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var texte = document.querySelector(".up-falc__texte");
  if (!texte || !synth || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var SKIP = ".up-infobulle, nav, button, .up-ecouter, .up-jumeau-bloc, script, style, [hidden], [aria-hidden='true']";
  var UNIT = ".up-phrase, h1, h2, h3, h4, dt, .up-falc__resume, p, li, dd, blockquote";

  function frenchVoice() {
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
  var box, play, pause, stop, status;

  function highlight(element) {
    if (current) { current.classList.remove("up-lu"); }
    current = element;
    if (current) { current.classList.add("up-lu"); }
  }

  function show(state) {
    play.hidden = state !== "arret";
    pause.hidden = state === "arret";
    stop.hidden = state === "arret";
    pause.textContent = state === "pause" ? "Reprendre" : "Pause";
    status.textContent = state === "lecture" ? "Lecture en cours." : state === "pause" ? "Lecture en pause." : "";
    box.setAttribute("data-etat", state);
  }

  function finish() {
    run += 1;
    highlight(null);
    show("arret");
  }

  function start() {
    var voice = frenchVoice();
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
    b.textContent = label;
    b.addEventListener("click", action);
    return b;
  }

  function build() {
    if (box || !frenchVoice()) { return; }
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
    box.append(play, pause, stop, status);
    var title = texte.querySelector("h1");
    var after = title && title.nextElementSibling && title.nextElementSibling.classList.contains("up-jumeau-bloc")
      ? title.nextElementSibling : title;
    if (after) { after.after(box); } else { texte.prepend(box); }
    show("arret");
  }

  build();
  if (!box && typeof synth.addEventListener === "function") {
    synth.addEventListener("voiceschanged", build);
  }
  window.addEventListener("pagehide", function () { if (box) { synth.cancel(); } });
}());
