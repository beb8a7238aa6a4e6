/* Site search on Pagefind's JS API, self-hosted. Interface in French, code in English.
 *
 * Markup: partials/search.html (.up-recherche). Without JavaScript the form is a GET to the site map.
 * Pagefind (pagefind/pagefind.js, written after the build) is imported only when the reader focuses the box or
 * presses « / ». Excerpts come from Pagefind with <mark> around the matched words and the page text escaped:
 * they are parsed in an inert document and rebuilt from text nodes and <mark> elements only, never inserted
 * as HTML. Keyboard: « / » focuses the box, Escape closes the results, Down arrow goes to the first result.
 * Result links carry ?h= with the page's own forms of the matched words, highlighted on the opened page.
 *
 * Search does not invent: one- and two-letter words (but acronyms typed in capitals, « RU ») and French stop words
 * are not searched; Pagefind's answers are checked against the query's words — a result stays only if one of them
 * (or a near form: plural, feminine, missing accent, one typo) is in its excerpts, its title or its synonyms
 * (motscles) — and ranked by how many of them it holds, then in Pagefind's order. Marks on other
 * words (« ou » for « oubli ») are dropped. Nothing left: « Aucun résultat », with suggestions.
 */
(function () {
  "use strict";

  var root = document.querySelector(".up-recherche");
  if (!root || !("fetch" in window)) return;
  var form = root.querySelector("form");
  var input = root.querySelector(".up-recherche__champ");
  var panel = root.querySelector(".up-recherche__panneau");
  var count = root.querySelector(".up-recherche__compte");
  var announce = root.querySelector("[data-annonce]");
  var list = root.querySelector(".up-recherche__liste");
  var more = root.querySelector(".up-recherche__plus");

  var PAGE_SIZE = 8;
  var DELAY_MS = 250;
  /* Measured on tests/test_search.py's queries: longer pages, which are the sheets, not penalised. */
  var OPTIONS = { ranking: { termSaturation: 2, pageLength: 0.1 }, excerptLength: 24 };

  /* Pages whose answers are read and checked: Pagefind's first ones (it ranks them), loaded all at once. */
  var CHECKED = 40;
  var STOP = {};
  ("le la les l un une des du de d au aux a et ou en dans pour par sur avec sans ce ces cet cette c son sa ses " +
   "leur leurs mon ma mes ton ta tes notre nos votre vos qui que qu quoi dont ne n pas plus est sont suis etre " +
   "avoir ai ont je j tu il elle on nous vous ils elles se s y me m te t lui moi toi comment quel quelle quels " +
   "quelles chez vers").split(" ").forEach(function (w) { STOP[w] = true; });
  var noResult = root.querySelector(".up-recherche__aucun");
  var directs = root.querySelector(".up-recherche__directs");

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe").replace(/æ/g, "ae").toLowerCase();
  }

  function wordsOf(text) { return fold(text || "").match(/[a-z0-9]+/g) || []; }

  /* The query's words worth searching: [{word: as typed, key: folded}]. */
  function meaningful(query) {
    var out = [];
    (query.match(/[\p{L}\p{N}]+/gu) || []).forEach(function (word) {
      var key = fold(word);
      var acronym = word.length >= 2 && word === word.toUpperCase() && /\p{Lu}/u.test(word);
      if ((key.length < 3 && !acronym) || (STOP[key] && !acronym)) return;
      if (!out.some(function (w) { return w.key === key; })) out.push({ word: word, key: key });
    });
    return out;
  }

  /* Optimal string alignment distance, stopped early past `limit`. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = null, prev = [], row, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      row = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          row[j] = Math.min(row[j], prev2[j - 2] + 1);
        }
        best = Math.min(best, row[j]);
      }
      if (best > limit) return limit + 1;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  /* A word of a page is the query's word in another form: same beginning (plural, feminine, « hôpitaux » for
     « hopital »), or one typo in a word of 7 letters or more (two from 9). « ou » is not « oubli », « pair » is not
     « payer ». */
  function masculine(word) {
    return word.replace(/trice(s?)$/, "teur$1").replace(/euse(s?)$/, "eur$1").replace(/aux$/, "al");
  }

  function near(word, key) {
    if (word === key) return true;
    if (word.length < 3 || key.length < 3) return false;
    word = masculine(word);
    key = masculine(key);
    if (stem(word) === stem(key)) return true;
    var common = 0;
    while (common < word.length && common < key.length && word[common] === key[common]) common++;
    if (common >= Math.min(key.length, Math.max(4, key.length - 3))) return true;
    /* Typos in long words only: « aident » is not a typo of « aidant ». */
    var typos = key.length >= 9 ? 2 : 1;
    return key.length >= 7 && distance(word.slice(0, key.length + 1), key, typos) <= typos;
  }

  function holds(words, key) { return words.some(function (w) { return near(w, key); }); }

  function markWords(html) {
    var doc = new DOMParser().parseFromString("<!doctype html><body>" + (html || ""), "text/html");
    var words = [];
    doc.querySelectorAll("mark").forEach(function (mark) { words = words.concat(wordsOf(mark.textContent)); });
    return words;
  }

  /* How a result answers the query: how many of its words it holds (in its marks, title or synonyms). */
  function assess(data, keys) {
    var marked = markWords(data.excerpt);
    (data.sub_results || []).forEach(function (sub) { marked = marked.concat(markWords(sub.excerpt)); });
    var title = wordsOf(data.meta && data.meta.title);
    var synonyms = wordsOf(data.meta && data.meta.motscles);
    var held = 0;
    keys.forEach(function (key) {
      if (holds(marked, key) || holds(title, key) || holds(synonyms, key)) held++;
    });
    return { held: held };
  }

  var keys = [];

  /* The same word: singular and plural, masculine and feminine (« aidants », « aidante » → « aidant »). */
  function stem(word) {
    return word.replace(/x$/, "").replace(/s$/, "").replace(/e$/, "");
  }

  /* « Accès direct »: the links whose words (data-mots) hold every word of the query, one of them among data-requis
     when it is given; true if one is shown. */
  function showDirects() {
    if (!directs) return false;
    var any = false;
    directs.querySelectorAll("li[data-mots]").forEach(function (item) {
      var words = item.getAttribute("data-mots").split(" ").map(stem);
      var needed = (item.getAttribute("data-requis") || "").split(" ").filter(Boolean).map(stem);
      var shown = keys.length > 0 && keys.every(function (key) { return words.indexOf(stem(key)) !== -1; }) &&
        (!needed.length || keys.some(function (key) { return needed.indexOf(stem(key)) !== -1; }));
      item.hidden = !shown;
      any = any || shown;
    });
    directs.hidden = !any;
    return any;
  }

  var siteRoot = new URL(form.getAttribute("data-racine") || "./", document.baseURI);
  var pagefind = null;
  var results = [];
  var shown = 0;
  var generation = 0;
  var timer = 0;

  /* aria-controls only: aria-expanded is not allowed on a search box (axe: aria-allowed-attr); the panel is a plain
     region after the box, reached with Tab or the Down arrow, not a combobox popup. */
  input.setAttribute("aria-controls", panel.id);
  var refocusing = false;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", siteRoot).href).then(function (module) {
        return module.options(Object.assign({ baseUrl: siteRoot.pathname }, OPTIONS)).then(function () {
          return module;
        });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function plural(n, one, many) { return n + " " + (n > 1 ? many : one); }

  function say(text) {
    count.textContent = text;
    /* Re-set the live region even if the text did not change, so that a new search is announced again. */
    announce.textContent = "";
    window.setTimeout(function () { announce.textContent = text; }, 50);
  }

  function open() { panel.hidden = false; }

  function close() { panel.hidden = true; }

  function focusBox() {
    refocusing = true;
    input.focus();
    refocusing = false;
  }

  /* Pagefind's excerpt → DOM nodes: text and <mark> only. */
  function excerptNodes(html) {
    var doc = new DOMParser().parseFromString("<!doctype html><body>" + html, "text/html");
    var out = document.createDocumentFragment();
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeType === 1 && node.nodeName === "MARK" && wordsOf(node.textContent).some(function (w) {
        return keys.some(function (key) { return near(w, key); });
      })) {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  /* The section (heading with an anchor, not the top of the page) where the query's words weigh most. Pagefind
     lists sub-results in page order. */
  function bestSection(data) {
    var title = data.meta && data.meta.title;
    var best = null;
    var bestScore = 0;
    (data.sub_results || []).forEach(function (sub) {
      if (!sub.url || sub.url.indexOf("#") === -1 || sub.title === title) return;
      var score = (sub.weighted_locations || []).reduce(function (sum, l) { return sum + l.balanced_score; }, 0);
      if (score > bestScore) {
        best = sub;
        bestScore = score;
      }
    });
    return best;
  }

  /* The page's own forms of the matched words (accents included), from the <mark>s of Pagefind's excerpts. */
  function markedWords(excerpts) {
    var words = [];
    excerpts.forEach(function (html) {
      var doc = new DOMParser().parseFromString("<!doctype html><body>" + (html || ""), "text/html");
      doc.querySelectorAll("mark").forEach(function (mark) {
        (mark.textContent.match(/[\p{L}\p{N}]{2,}/gu) || []).forEach(function (word) {
          var folded = fold(word);
          if (!keys.some(function (key) { return near(folded, key); })) return;
          if (words.indexOf(word) === -1) words.push(word);
        });
      });
    });
    return words.slice(0, 10);
  }

  /* url?h=words#anchor: the opened page highlights the words (highlightPage below). */
  function withWords(url, words) {
    if (!words.length) return url;
    var hash = url.indexOf("#");
    var base = hash === -1 ? url : url.slice(0, hash);
    return base + (base.indexOf("?") === -1 ? "?" : "&") + "h=" + encodeURIComponent(words.join(" ")) +
      (hash === -1 ? "" : url.slice(hash));
  }

  function render(data) {
    var item = element("li", "up-recherche__resultat");
    var kind = (data.meta && data.meta.type) || "Page";
    item.appendChild(element("p", "up-recherche__type", kind));
    var best = bestSection(data);
    var words = markedWords([data.excerpt, best && best.excerpt]);
    var link = element("a", "up-recherche__titre", (data.meta && data.meta.title) || data.url);
    link.href = withWords(data.url, words);
    item.appendChild(link);
    var excerpt = element("p", "up-recherche__extrait");
    excerpt.appendChild(excerptNodes(data.excerpt || ""));
    item.appendChild(excerpt);
    if (best) {
      var section = element("p", "up-recherche__section", "Section : ");
      var anchor = element("a", null, best.title);
      anchor.href = withWords(best.url, words);
      section.appendChild(anchor);
      item.appendChild(section);
    }
    return item;
  }

  /* `results` holds the checked answers' data, ranked: shown PAGE_SIZE at a time. */
  function showMore(current) {
    if (current !== generation) return Promise.resolve(null);
    var slice = results.slice(shown, shown + PAGE_SIZE);
    var first = null;
    slice.forEach(function (data) {
      var item = render(data);
      first = first || item;
      list.appendChild(item);
    });
    shown += slice.length;
    more.hidden = shown >= results.length;
    return Promise.resolve(first);
  }

  function nothing(query, why) {
    results = [];
    more.hidden = true;
    if (noResult) noResult.hidden = false;
    say("Aucun résultat pour « " + query + " »." + (why ? " " + why : ""));
  }

  function search(query) {
    var current = ++generation;
    query = query.trim();
    if (noResult) noResult.hidden = true;
    if (!query) {
      list.textContent = "";
      results = [];
      say("");
      close();
      return Promise.resolve();
    }
    var words = meaningful(query);
    keys = words.map(function (w) { return w.key; });
    var direct = showDirects();
    if (!words.length) {
      list.textContent = "";
      open();
      nothing(query, "Tapez un mot d'au moins trois lettres.");
      return Promise.resolve();
    }
    return load().then(function (module) {
      return module.search(words.map(function (w) { return w.word; }).join(" "));
    }).then(function (response) {
      if (current !== generation || !response) return;
      var found = response.results.slice(0, CHECKED);
      return Promise.all(found.map(function (r) { return r.data(); })).then(function (all) {
        if (current !== generation) return;
        var ranked = all.map(function (data, n) {
          var a = assess(data, keys);
          return { data: data, held: a.held, n: n };
        }).filter(function (r) { return r.held > 0; });
        ranked.sort(function (a, b) {
          return (b.held - a.held) || (a.n - b.n);
        });
        results = ranked.map(function (r) { return r.data; });
        shown = 0;
        list.textContent = "";
        open();
        if (!results.length && !direct) {
          nothing(query);
          return;
        }
        if (!results.length) {
          more.hidden = true;
          say("Accès direct pour « " + query + " », aucune autre page.");
          return;
        }
        return showMore(current).then(function () {
          say(plural(results.length, "résultat", "résultats") + " pour « " + query + " »" +
            (results.length > shown ? ", " + shown + " affichés." : "."));
        });
      });
    }).catch(function () {
      if (current !== generation) return;
      open();
      say("La recherche n'a pas pu se charger. Le plan du site liste toutes les pages.");
    });
  }

  /* On a page opened from a result: <mark> the words of ?h= in the article (Material's own highlighting needs its
     search plugin, which is off). Whole words, any case; the glossary tooltips and ¶ anchors are left alone. */
  function highlightPage() {
    var words = (new URLSearchParams(window.location.search).get("h") || "").split(/\s+/).filter(function (w) {
      return w.length > 1;
    });
    var article = document.querySelector("[data-pagefind-body]") || document.querySelector("article");
    if (!words.length || !article) return;
    var pattern;
    try {
      pattern = new RegExp("(?<![\\p{L}\\p{N}])(?:" + words.map(function (w) {
        return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      }).join("|") + ")(?![\\p{L}\\p{N}])", "giu");
    } catch (e) {
      return; /* no lookbehind: no highlighting */
    }
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest("script, style, mark, .up-infobulle, .headerlink, .up-recherche")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      var last = 0;
      var out = null;
      text.replace(pattern, function (match, offset) {
        out = out || document.createDocumentFragment();
        out.appendChild(document.createTextNode(text.slice(last, offset)));
        out.appendChild(element("mark", null, match));
        last = offset + match.length;
        return match;
      });
      if (out) {
        out.appendChild(document.createTextNode(text.slice(last)));
        node.parentNode.replaceChild(out, node);
      }
    });
  }
  highlightPage();

  input.addEventListener("focus", function () {
    load();
    if (!refocusing && list.children.length) open();
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { search(input.value); }, DELAY_MS);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search(input.value);
  });
  more.addEventListener("click", function () {
    var current = generation;
    showMore(current).then(function (first) {
      if (first) first.querySelector("a").focus();
      say(shown + " résultats affichés sur " + results.length + ".");
    });
  });

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a.up-recherche__titre")); }

  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) {
      event.preventDefault();
      close();
      focusBox();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var all = links();
    if (!all.length || panel.hidden) return;
    var index = all.indexOf(document.activeElement);
    if (document.activeElement === input && event.key === "ArrowDown") index = -1;
    else if (index === -1) return;
    event.preventDefault();
    var next = index + (event.key === "ArrowDown" ? 1 : -1);
    if (next < 0) focusBox();
    else all[Math.min(next, all.length - 1)].focus();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    input.focus();
    input.select();
  });

  document.addEventListener("click", function (event) {
    if (!root.contains(event.target)) close();
  });
  root.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) close();
  });
})();
