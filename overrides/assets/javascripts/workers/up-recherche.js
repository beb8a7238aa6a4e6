/* Recherche en français — enveloppe du worker de recherche de Material for MkDocs.
 *
 * Material 9 n'offre aucun point d'extension pour transformer les requêtes. Ce worker, que Material lance
 * à la place du sien (voir overrides/partials/up/recherche.html), charge le sien et :
 *   1. ne télécharge l'index complet (search/recherche.<empreinte>.json, écrit par macros/recherche.py)
 *      qu'à la première vraie recherche, ou dès que la boîte de recherche reçoit le focus ;
 *   2. ajoute au pipeline de lunr, à l'indexation, une normalisation française : minuscules, accents
 *      retirés, élisions retirées (l', d', qu'…), mots vides retirés, pluriel → singulier et
 *      féminin → masculin par quelques règles simples ; et les synonymes de data/synonymes.yml et des
 *      sigles du lexique, dans les deux sens ;
 *   3. normalise chaque requête de la même façon avant de la donner au worker de Material, qui ajoute
 *      « * » à chaque mot (recherche par début de mot) et surligne les mots d'origine dans les résultats.
 *
 * Il s'appuie sur des détails internes de Material 9.7 (numéros des messages, `self.lunr`,
 * `lunr.Builder`) : tests/test_search.py le vérifie dans un vrai navigateur à chaque mise à jour.
 */
(function () {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  /* Ce fichier est dans assets/javascripts/workers/ ; « ?material= » nomme le worker de Material à côté. */
  function adresses() {
    var ici = new URL(self.location.href);
    return {
      material: new URL(ici.searchParams.get("material") || "search.js", ici).href,
      racine: new URL("../../../", ici).href
    };
  }

  /* --- normalisation française (la même pour l'index et pour les requêtes) ------------------------- */

  var VIDES = ("a à ai au aux avec c ce ceci cela ces cet cette d dans de des du elle elles en es est et etc eu " +
    "il ils j je l la le les leur leurs lui m ma mais me meme mes moi mon n ne ni nos notre nous on ont ou où " +
    "par pas pour qu que quel quelle quelles quels qui s sa sans se ses si son sur t ta te tes toi ton tu un une " +
    "vos votre vous y jusqu lorsqu puisqu quoiqu").split(" ");
  var vides = Object.create(null);
  VIDES.forEach(function (mot) { vides[plier(mot)] = true; });
  var ELISION = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/;
  var ELISION_TEXTE = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/i; /* « L'hôpital » : sans plier */

  function plier(mot) {
    return mot.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/æ/g, "ae");
  }

  /* Racine légère : assez pour rapprocher singulier et pluriel, masculin et féminin. */
  function raciner(mot) {
    if (mot.length < 4 || /\d/.test(mot)) return mot;
    if (/eaux$/.test(mot)) mot = mot.slice(0, -1);
    else if (/aux$/.test(mot) && mot.length > 4) mot = mot.slice(0, -3) + "al";
    else if (/[sx]$/.test(mot)) mot = mot.slice(0, -1);
    if (/(?:euse|rice)$/.test(mot)) mot = mot.slice(0, -4) + "eur";
    else if (/iere$/.test(mot)) mot = mot.slice(0, -4) + "ier";
    else if (/ive$/.test(mot)) mot = mot.slice(0, -3) + "if";
    else if (/enne$/.test(mot)) mot = mot.slice(0, -4) + "en";
    else if (/elle$/.test(mot) && mot.length > 5) mot = mot.slice(0, -4) + "el";
    if (/e$/.test(mot) && mot.length > 4) mot = mot.slice(0, -1);
    return mot;
  }

  function normaliser(mot) {
    mot = plier(mot).replace(ELISION, "").replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
    if (!mot || vides[mot]) return "";
    return raciner(mot);
  }

  /* Le séparateur de mots de l'index (search.separator de mkdocs.yml), reçu avec la configuration. */
  var separateur = /[\s\-'’]+/;

  /* Une expression → ses racines, sans les mots vides : « représentant des usagers » → [represent…, usager]. */
  function racines(texte) {
    return plier(texte).split(separateur).map(normaliser).filter(Boolean);
  }

  /* --- synonymes ----------------------------------------------------------------------------------- */

  /* Chaque groupe de synonymes devient un mot de l'index, « qqsyn<n> », ajouté à l'indexation partout où
     l'une de ses expressions apparaît, et ajouté aux requêtes qui contiennent l'une d'elles : chercher
     « RU » trouve « représentant des usagers » et l'inverse. Les mots tapés comptent plus (^3) que le
     groupe (^1) : une page qui contient le mot exact passe devant une page qui n'a que son synonyme. */
  var GROUPE = "qqsyn";
  var table = Object.create(null); /* racine du premier mot → [{suite: [racines], groupe: n}] */
  var sigles = Object.create(null); /* sigles courts des groupes (« ru », « etp ») : cherchés en entier */

  function compiler(groupes) {
    table = Object.create(null);
    sigles = Object.create(null);
    groupes.forEach(function (groupe, n) {
      groupe.forEach(function (expression) {
        var suite = racines(expression);
        if (!suite.length) return;
        (table[suite[0]] = table[suite[0]] || []).push({ suite: suite, groupe: GROUPE + n });
        if (suite.length === 1 && /^[A-Z0-9]{2,5}$/.test(expression.trim())) sigles[suite[0]] = true;
      });
    });
    return table;
  }

  /* Les groupes dont une expression commence à la position i d'une suite de racines, avec la longueur
     de la plus longue de ces expressions : {qqsyn3: 3}. */
  function groupesA(suite, i) {
    var trouves = {};
    (table[suite[i]] || []).forEach(function (entree) {
      for (var k = 1; k < entree.suite.length; k++) {
        if (suite[i + k] !== entree.suite[k]) return;
      }
      trouves[entree.groupe] = Math.max(trouves[entree.groupe] || 0, entree.suite.length);
    });
    return trouves;
  }

  function installer(lunr) {
    /* À l'indexation : la racine de chaque mot, et le mot de groupe là où commence une expression. */
    function upIndex(token, i, tokens) {
      var mot = normaliser(token.toString());
      if (!mot) return undefined;
      var sortie = [token.update(function () { return mot; })];
      if (table[mot]) {
        var suite = [mot];
        for (var j = i + 1; j < tokens.length && suite.length < 8; j++) {
          var suivant = normaliser(tokens[j].toString());
          if (suivant) suite.push(suivant);
        }
        Object.keys(groupesA(suite, 0)).forEach(function (groupe) {
          sortie.push(token.clone(function () { return groupe; }));
        });
      }
      return sortie;
    }
    /* Pour les mots de la requête cherchés en entier (sigles) : la même racine, sans groupe. */
    function upRequete(token) {
      return normaliser(token.toString()) || undefined;
    }
    lunr.Pipeline.registerFunction(upIndex, "upIndex");
    lunr.Pipeline.registerFunction(upRequete, "upRequete");
    var ref = lunr.Builder.prototype.ref;
    lunr.Builder.prototype.ref = function () {
      this.pipeline.add(upIndex);
      this.searchPipeline.add(upRequete);
      return ref.apply(this, arguments);
    };
  }

  /* La requête tapée → la requête lunr donnée à Material, et la correspondance racine → mot tapé.
     « hopitaux » → « hopital*^3 qqsyn9^1 » ; « RU » → « ru^3 qqsyn0^1 » (un sigle se cherche en entier).
     Une expression de plusieurs mots retrouvée telle quelle pèse plus que ses mots pris un à un :
     « médiatrice santé paire » → « mediateur*^3 sant*^3 pair*^3 qqsyn2^9 ». */
  function reecrire(requete) {
    var suite = [], tapes = Object.create(null);
    plier(requete.replace(/[*+:^~"]/g, " ")).split(separateur).forEach(function (mot) {
      var racine = normaliser(mot);
      if (!racine) return;
      suite.push(racine);
      tapes[racine] = mot.replace(ELISION, "");
    });
    var termes = suite.map(function (racine) {
      return sigles[racine] ? racine + "^3" : racine + "*^3";
    });
    var groupes = {};
    for (var i = 0; i < suite.length; i++) {
      var ici = groupesA(suite, i);
      Object.keys(ici).forEach(function (g) { groupes[g] = Math.max(groupes[g] || 0, ici[g]); });
    }
    Object.keys(groupes).forEach(function (g) {
      termes.push(g + "^" + (groupes[g] > 1 ? 3 * groupes[g] : 1));
    });
    return { texte: termes.join(" "), tapes: tapes };
  }

  /* Les mots que Material a surlignés (<mark>) dans le titre et le texte d'un résultat : les formes
     de la page elle-même, avec leurs accents (« thérapeutiques » pour la racine « therapeutiqu »). */
  function surlignes(item) {
    var mots = [];
    [item.title || "", item.text || ""].forEach(function (html) {
      /* Les <mark> peuvent s'emboîter (« <mark><mark>h</mark>ôpital</mark> ») : on garde le plus large. */
      var profondeur = 0, mot = "";
      html.split(/(<\/?mark>)/).forEach(function (morceau) {
        if (morceau === "<mark>") {
          profondeur += 1;
        } else if (morceau === "</mark>") {
          profondeur = Math.max(0, profondeur - 1);
          if (profondeur === 0 && mot) { mots.push(mot.replace(/<[^>]*>/g, "")); mot = ""; }
        } else if (profondeur > 0) {
          mot += morceau;
        }
      });
    });
    return mots;
  }

  /* Dans les résultats, les mots de la requête redeviennent des mots lisibles, et les mots de groupe
     disparaissent. Les mots trouvés sont les formes que Material a surlignées (synonymes compris), plus les
     mots tapés : « ?h= » surligne ainsi « l'hôpital » sur la page ouverte même si le lecteur a tapé
     « hopitaux ». Un mot manquant reste tel que le lecteur l'a tapé (« Manquant : »). */
  function traduire(resultat, tapes) {
    (resultat.items || []).forEach(function (groupe) {
      groupe.forEach(function (item) {
        var termes = {};
        surlignes(item).forEach(function (forme) {
          forme = forme.replace(ELISION_TEXTE, "").trim();
          if (forme.length > 1) termes[forme] = true;
        });
        Object.keys(item.terms || {}).forEach(function (cle) {
          if (cle.indexOf(GROUPE) === 0) return;
          termes[tapes[cle] || cle] = item.terms[cle];
        });
        item.terms = termes;
      });
    });
    return resultat;
  }

  /* --- relais entre la page et le worker de Material ----------------------------------------------- */

  var envoyer = self.postMessage.bind(self);
  var reglages = null;   /* le message SETUP de la page : configuration et options */
  var chargement = null; /* promesse : index complet chargé et construit */
  var relais = false;    /* vrai pendant qu'on passe un message au worker de Material */
  var pret = null;       /* appelée quand le worker de Material a construit son index */
  var file = Promise.resolve();

  /* Le worker de Material répond par postMessage : on garde pour nous son « prêt », on relaie le reste. */
  var enCours = []; /* correspondances racine → mot tapé des requêtes passées, dans l'ordre */

  self.postMessage = function (message) {
    if (message && message.type === READY && pret) {
      var fin = pret;
      pret = null;
      fin();
      return;
    }
    if (message && message.type === RESULT && enCours.length) {
      message = { type: RESULT, data: traduire(message.data, enCours.shift()) };
    }
    envoyer(message);
  };

  function relayer(message) {
    relais = true;
    try {
      self.dispatchEvent(new MessageEvent("message", { data: message }));
    } finally {
      relais = false;
    }
  }

  function charger() {
    if (chargement || !reglages) return chargement;
    var up = reglages.config.up;
    var ou = adresses();
    var source = up ? fetch(new URL(up.index, ou.racine).href, { credentials: "same-origin" })
      .then(function (reponse) {
        if (!reponse.ok) throw new Error("index de recherche introuvable : " + reponse.url);
        return reponse.json();
      })
      /* Index non découpé (site construit sans macros/recherche.py) : tout est déjà là. */
      : Promise.resolve({ config: reglages.config, docs: reglages.docs, synonymes: [] });
    chargement = source
      .then(function (index) {
        if (!self.lunr) {  /* une seule fois, même si un premier chargement de l'index a échoué */
          importScripts(ou.material);
          installer(self.lunr);
        }
        compiler(index.synonymes || []);
        return new Promise(function (resolve) {
          pret = resolve;
          relayer({ type: SETUP, data: { config: index.config, docs: index.docs, options: reglages.options } });
        });
      });
    chargement.catch(function (erreur) {
      console.warn(erreur);
      chargement = null;
    });
    return chargement;
  }

  function chercher(requete) {
    file = file.then(function () {
      if (!racines(requete).length) {
        envoyer({ type: RESULT, data: { items: [] } });
        return undefined;
      }
      return charger().then(function () {
        var reecrite = reecrire(requete);
        enCours.push(reecrite.tapes);
        relayer({ type: QUERY, data: reecrite.texte });
      });
    }).catch(function () {
      envoyer({ type: RESULT, data: { items: [] } });
    });
  }

  self.addEventListener("message", function (event) {
    if (relais) return; /* message que nous passons au worker de Material */
    event.stopImmediatePropagation();
    var message = event.data || {};
    if (message.type === SETUP) {
      reglages = message.data;
      try {
        separateur = new RegExp(reglages.config.separator);
      } catch (erreur) { /* on garde le séparateur par défaut */ }
      envoyer({ type: READY });
    } else if (message.type === QUERY) {
      chercher(String(message.data || ""));
    } else if (message === "preparer") {
      charger();
    }
  });

  /* La page annonce une recherche prochaine (focus sur la boîte) : on commence le chargement. */
  if ("BroadcastChannel" in self) {
    new BroadcastChannel("up-recherche").onmessage = function () { charger(); };
  }

  /* Pour les tests : les mêmes fonctions que le worker emploie. */
  self.upRecherche = { normaliser: normaliser, racines: racines, reecrire: reecrire, compiler: compiler,
                       groupesA: groupesA };
})();
