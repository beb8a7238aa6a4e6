/* Site search on Pagefind's JS API, self-hosted. Interface in French, code in English.
 *
 * Markup: partials/search.html (.up-recherche). Without JavaScript the form is a GET to the site map.
 * Pagefind (pagefind/pagefind.js, written after the build) is imported only when the reader focuses the box or
 * presses « / ». Excerpts come from Pagefind with <mark> around the matched words and the page text escaped:
 * they are parsed in an inert document and rebuilt from text nodes and <mark> elements only, never inserted
 * as HTML. Keyboard: « / » focuses the box, Escape closes the results, Down arrow goes to the first result.
 * Result links carry ?h= with the page's own forms of the matched words, highlighted on the opened page.
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
      if (node.nodeType === 1 && node.nodeName === "MARK") {
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

  function showMore(current) {
    var slice = results.slice(shown, shown + PAGE_SIZE);
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (all) {
      if (current !== generation) return;
      var first = null;
      all.forEach(function (data) {
        var item = render(data);
        first = first || item;
        list.appendChild(item);
      });
      shown += slice.length;
      more.hidden = shown >= results.length;
      return first;
    });
  }

  function search(query) {
    var current = ++generation;
    query = query.trim();
    if (!query) {
      list.textContent = "";
      results = [];
      say("");
      close();
      return Promise.resolve();
    }
    return load().then(function (module) {
      return module.search(query);
    }).then(function (response) {
      if (current !== generation || !response) return;
      results = response.results;
      shown = 0;
      list.textContent = "";
      open();
      if (!results.length) {
        say("Aucun résultat pour « " + query + " ».");
        more.hidden = true;
        return;
      }
      return showMore(current).then(function () {
        say(plural(results.length, "résultat", "résultats") + " pour « " + query + " »" +
          (results.length > shown ? ", " + shown + " affichés." : "."));
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
