/* « Je réponds pour ma collectivité » : turns the search box into an accessible combobox
 * (WAI-ARIA 1.2 pattern, list autocomplete) fed by /api/collectivites. Progressive enhancement
 * only: without this script the search form and the radio buttons do the same job. */
(function () {
  "use strict";
  var input = document.getElementById("q");
  var choices = document.getElementById("collectivite-choix");
  var status = document.getElementById("q-etat");
  if (!input || !choices || !window.fetch || !window.AbortController) {
    return;
  }
  var api = input.getAttribute("data-api");
  var listbox = document.createElement("ul");
  var results = [];
  var active = -1;
  var timer = null;
  var controller = null;

  listbox.id = "q-options";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", "Collectivités proposées");
  listbox.hidden = true;
  listbox.style.cssText =
    "list-style:none;margin:0;padding:0;border:1px solid #3a3a3a;background:#fff;" +
    "max-height:20rem;overflow-y:auto;position:relative;z-index:10";
  document.getElementById("q-barre").insertAdjacentElement("afterend", listbox);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);

  function describe(unit) {
    var text = unit.type_libelle + ", code " + unit.code;
    if (unit.departement_libelle) {
      text += " — " + unit.departement_libelle + " (" + unit.departement + ")";
    }
    return text;
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var options = listbox.querySelectorAll("[role=option]");
    active = index;
    options.forEach(function (option, position) {
      var selected = position === index;
      option.setAttribute("aria-selected", selected ? "true" : "false");
      option.style.background = selected ? "#000091" : "#fff";
      option.style.color = selected ? "#fff" : "#161616";
      if (selected) {
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      }
    });
  }

  function render() {
    listbox.textContent = "";
    results.forEach(function (unit, index) {
      var option = document.createElement("li");
      var hint = document.createElement("span");
      option.id = "q-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.style.cssText = "padding:.5rem .75rem;cursor:pointer;color:#161616";
      option.textContent = unit.nom + " ";
      hint.textContent = "(" + describe(unit) + ")";
      option.appendChild(hint);
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(unit);
      });
      listbox.appendChild(option);
    });
    var count = results.length;
    status.textContent = count
      ? count + " collectivité" + (count > 1 ? "s" : "") + " proposée" + (count > 1 ? "s" : "") +
        " : flèches haut et bas pour parcourir, Entrée pour choisir."
      : "Aucune collectivité ne correspond.";
    listbox.hidden = count === 0;
    input.setAttribute("aria-expanded", count ? "true" : "false");
    active = -1;
  }

  function radioFor(unit) {
    var element = document.createElement("div");
    var group = document.createElement("div");
    var radio = document.createElement("input");
    var label = document.createElement("label");
    var hint = document.createElement("span");
    element.className = "fr-fieldset__element";
    group.className = "fr-radio-group";
    radio.type = "radio";
    radio.id = "collectivite-choisie";
    radio.name = "authority";
    radio.value = unit.collectivite;
    radio.checked = true;
    label.className = "fr-label";
    label.htmlFor = radio.id;
    label.textContent = unit.nom + " ";
    hint.className = "fr-hint-text";
    hint.textContent = describe(unit);
    label.appendChild(hint);
    group.appendChild(radio);
    group.appendChild(label);
    element.appendChild(group);
    return element;
  }

  function choose(unit) {
    choices.textContent = "";
    choices.appendChild(radioFor(unit));
    input.value = unit.nom;
    document.querySelector("#demande input[name=q]").value = unit.nom;
    close();
    status.textContent = unit.nom + " choisie. Continuez avec votre rôle et votre adresse.";
  }

  function search() {
    var query = input.value.trim();
    if (controller) {
      controller.abort();
    }
    if (query.length < 2) {
      results = [];
      close();
      return;
    }
    controller = new AbortController();
    fetch(api + "?q=" + encodeURIComponent(query), { signal: controller.signal })
      .then(function (response) {
        return response.ok ? response.json() : { resultats: [] };
      })
      .then(function (body) {
        results = body.resultats || [];
        render();
      })
      .catch(function () {
        /* aborted or offline: the search button still works */
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 200);
  });
  input.addEventListener("keydown", function (event) {
    var open = !listbox.hidden && results.length > 0;
    if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      highlight(Math.min(active + 1, results.length - 1));
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      choose(results[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", function () {
    window.setTimeout(close, 150);
  });
})();
