/* Skip logic in the browser (progressive enhancement of a questionnaire page).
   The page carries the compiled questionnaire's relevance trees as JSON (questionnaire/skip_data.py);
   this file evaluates them with the semantics of questionnaire/expressions/evaluate.py and walks
   them as Questionnaire.skips does: a question that does not apply is hidden and disabled (so
   neither required nor sent), and shown again as soon as it applies. Without JavaScript, the
   server cuts the section into screens instead. */
(function () {
  "use strict";

  var DIGITS = "\\d(?:_?\\d)*";
  var FLOAT = new RegExp(
    "^[+-]?(?:(?:" + DIGITS + "(?:\\.(?:" + DIGITS + ")?)?|\\." + DIGITS + ")" +
    "(?:[eE][+-]?" + DIGITS + ")?|inf(?:inity)?|nan)$", "i"
  );

  function truthy(value) {
    if (value === null || value === undefined) {
      return false;
    }
    if (typeof value === "number") {
      return !isNaN(value) && value !== 0;
    }
    if (typeof value === "string" || Array.isArray(value)) {
      return value.length > 0;
    }
    return Boolean(value);
  }

  function numberText(value) {
    if (isNaN(value)) {
      return "nan";
    }
    if (!isFinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (Number.isInteger(value)) { /* every digit, as Python's str(int(value)) */
      return typeof BigInt === "function" ? BigInt(value).toString() : String(value);
    }
    if (Math.abs(value) < 1e-4) { /* Python's repr switches to an exponent sooner */
      return value.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
    }
    return String(value);
  }

  function asText(value) {
    if (value === null || value === undefined) {
      return "";
    }
    if (Array.isArray(value)) {
      return value.join(" ");
    }
    if (typeof value === "boolean") {
      return value ? "true" : "false";
    }
    if (typeof value === "number") {
      return numberText(value);
    }
    return String(value);
  }

  function asNumber(value) {
    if (typeof value === "number") {
      return value;
    }
    if (typeof value === "boolean") {
      return value ? 1 : 0;
    }
    if (typeof value !== "string") {
      return NaN;
    }
    var text = value.trim();
    if (!FLOAT.test(text)) {
      return NaN;
    }
    var lower = text.toLowerCase().replace(/^\+/, "");
    if (/nan$/.test(lower)) {
      return NaN;
    }
    if (/inf(inity)?$/.test(lower)) {
      return lower.charAt(0) === "-" ? -Infinity : Infinity;
    }
    return Number(text.replace(/_/g, ""));
  }

  function equal(left, right) {
    if (typeof left === "boolean" || typeof right === "boolean") {
      return truthy(left) === truthy(right);
    }
    if (typeof left === "number" || typeof right === "number") {
      return asNumber(left) === asNumber(right);
    }
    return asText(left) === asText(right);
  }

  function compare(op, a, b) {
    if (op === "<") {
      return a < b;
    }
    if (op === "<=") {
      return a <= b;
    }
    if (op === ">") {
      return a > b;
    }
    return a >= b;
  }

  function ordered(op, left, right) {
    var textual = typeof left === "string" && typeof right === "string";
    if (textual && (isNaN(asNumber(left)) || isNaN(asNumber(right)))) {
      return compare(op, left, right); /* ISO dates */
    }
    if (left === null || left === undefined || right === null || right === undefined) {
      return false;
    }
    return compare(op, asNumber(left), asNumber(right));
  }

  function arithmetic(op, left, right) {
    var a = asNumber(left);
    var b = asNumber(right);
    if (op === "+") {
      return a + b;
    }
    if (op === "-") {
      return a - b;
    }
    if (op === "*") {
      return a * b;
    }
    if (b === 0 || isNaN(b) || !isFinite(b)) {
      return NaN;
    }
    return op === "div" ? a / b : a % b;
  }

  function choices(value) {
    if (Array.isArray(value)) {
      return value;
    }
    if (value === null || value === undefined) {
      return [];
    }
    return asText(value).split(/\s+/).filter(function (item) { return item !== ""; });
  }

  function binary(node, answers, current) {
    var op = node[1];
    if (op === "and") {
      return truthy(evaluate(node[2], answers, current)) &&
        truthy(evaluate(node[3], answers, current));
    }
    if (op === "or") {
      return truthy(evaluate(node[2], answers, current)) ||
        truthy(evaluate(node[3], answers, current));
    }
    var left = evaluate(node[2], answers, current);
    var right = evaluate(node[3], answers, current);
    if (op === "=") {
      return equal(left, right);
    }
    if (op === "!=") {
      return !equal(left, right);
    }
    if (op === "<" || op === "<=" || op === ">" || op === ">=") {
      return ordered(op, left, right);
    }
    return arithmetic(op, left, right);
  }

  function call(node, answers, current) {
    var name = node[1];
    var args = node.slice(2);
    function arg(i) {
      return evaluate(args[i], answers, current);
    }
    if (name === "true" || name === "false") {
      return name === "true";
    }
    if (name === "selected") {
      return choices(arg(0)).indexOf(asText(arg(1))) !== -1;
    }
    if (name === "count-selected") {
      return choices(arg(0)).length;
    }
    if (name === "not") {
      return !truthy(arg(0));
    }
    if (name === "string-length") {
      return Array.from(asText(arg(0))).length;
    }
    if (name === "if") {
      return truthy(arg(0)) ? arg(1) : arg(2);
    }
    if (name === "coalesce") {
      var first = arg(0);
      var empty = first === null || first === undefined || first === "" ||
        (Array.isArray(first) && first.length === 0);
      return empty ? arg(1) : first;
    }
    return asNumber(arg(0)); /* number() */
  }

  function evaluate(node, answers, current) {
    var kind = node[0];
    if (kind === "lit") {
      return node[1];
    }
    if (kind === "ref") {
      return Object.prototype.hasOwnProperty.call(answers, node[1]) ? answers[node[1]] : null;
    }
    if (kind === "cur") {
      return current === undefined ? null : current;
    }
    if (kind === "neg") {
      return -asNumber(evaluate(node[1], answers, current));
    }
    if (kind === "op") {
      return binary(node, answers, current);
    }
    return call(node, answers, current);
  }

  function holds(tree, answers) {
    return tree === null || truthy(evaluate(tree, answers, null));
  }

  /* Questionnaire.skips: which questions apply, in questionnaire order. */
  function skips(data, values) {
    var kept = Object.create(null);
    Object.keys(values).forEach(function (qid) { kept[qid] = values[qid]; });
    var asked = Object.create(null);
    data.sections.forEach(function (section) {
      var shown = holds(section[1], kept);
      section[2].forEach(function (qid) {
        if (shown && holds(data.questions[qid][1], kept)) {
          asked[qid] = true;
        } else {
          delete kept[qid];
        }
      });
    });
    return { asked: asked, kept: kept };
  }

  window.BarometreRelevance = { evaluate: evaluate, truthy: truthy, asText: asText, skips: skips };

  /* The page: read what the form holds as the server would type it, then hide what does not
     apply. */
  var form = document.querySelector("form[data-skip-logic]");
  var source = form && document.getElementById(form.getAttribute("data-skip-logic"));
  if (!source) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var blocks = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));

  function typed(block, question) {
    var type = question[0];
    var inputs = Array.prototype.slice.call(block.querySelectorAll("input, textarea"));
    if (type === "multiple_choice") {
      var checked = inputs.filter(function (i) { return i.checked; })
        .map(function (i) { return i.value; });
      return checked.length ? checked : null;
    }
    if (type === "single_choice" || type === "yes_no") {
      var one = inputs.filter(function (i) { return i.checked && i.value !== ""; })[0];
      return one ? one.value : null;
    }
    var text = inputs.length ? inputs[0].value.trim() : "";
    if (text === "") {
      return null;
    }
    if (type === "integer" || type === "decimal" || type === "percentage") {
      return typedNumber(text, question);
    }
    return text;
  }

  function typedNumber(text, question) {
    var number = asNumber(text.replace(/,/g, "."));
    var low = question[2];
    var high = question[3];
    if (!isFinite(number) || (question[0] === "integer" && !Number.isInteger(number))) {
      return null;
    }
    if ((low !== null && number < low) || (high !== null && number > high)) {
      return null;
    }
    return number;
  }

  function apply() {
    var values = Object.create(null);
    Object.keys(data.values).forEach(function (qid) { values[qid] = data.values[qid]; });
    blocks.forEach(function (block) {
      var qid = block.getAttribute("data-question");
      var value = data.questions[qid] ? typed(block, data.questions[qid]) : null;
      if (value === null) {
        delete values[qid];
      } else {
        values[qid] = value;
      }
    });
    var asked = skips(data, values).asked;
    blocks.forEach(function (block) {
      var show = Boolean(asked[block.getAttribute("data-question")]);
      block.hidden = !show;
      block.querySelectorAll("input, textarea").forEach(function (input) {
        input.disabled = !show;
      });
    });
  }

  var scope = document.createElement("input");
  scope.type = "hidden";
  scope.name = "etendue";
  scope.value = "section";
  form.appendChild(scope);
  form.setAttribute("data-skip-logic-ready", "");
  form.addEventListener("change", apply);
  form.addEventListener("input", apply);
  apply();
})();
