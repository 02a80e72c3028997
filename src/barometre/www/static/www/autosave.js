/* Autosave of a questionnaire page while the respondent types (progressive enhancement).
   Without JavaScript the page is saved when the respondent moves on; with it, every change
   is also saved in the background, with a fresh idempotency key and the current revision.
   The server's reply says what it stored and what it only kept as a draft: it is shown as is.
   After the idle time the session ends on the server; the page then says so. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  var status = document.getElementById("autosave-status");
  if (!form || !status || !window.fetch || !window.FormData) {
    return;
  }
  var timer = null;
  var idleTimer = null;
  var busy = false;
  var again = false;
  var idleSeconds = parseInt(form.getAttribute("data-idle-seconds") || "0", 10);

  function freshKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function say(text) {
    status.textContent = text;
  }

  function sessionEnds() {
    if (!idleSeconds) {
      return;
    }
    window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(function () {
      say("Votre session a pris fin après " + Math.round(idleSeconds / 3600) +
          " heures sans activité. Vos saisies sont gardées en brouillon : demandez un nouveau " +
          "lien de connexion pour les retrouver.");
    }, idleSeconds * 1000);
  }

  function save() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    var data = new FormData(form);
    data.set("cle", freshKey());
    data.set("action", "autosave");
    window.fetch(window.location.pathname, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Autosave": "1" }
    }).then(function (response) {
      return response.json().then(function (body) {
        if (response.ok) {
          form.elements.revision.value = body.revision;
          sessionEnds();
        }
        say(body.message);
      });
    }).catch(function () {
      say("Enregistrement automatique indisponible : vos réponses seront enregistrées " +
          "quand vous passerez à la page suivante.");
    }).then(function () {
      busy = false;
      if (again) {
        again = false;
        save();
      }
    });
  }

  function later(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  form.addEventListener("input", function () { later(2000); });
  form.addEventListener("change", function () { later(500); });
  sessionEnds();
})();
