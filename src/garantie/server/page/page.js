// The consumer page: asks /v1/next-questions one question at a time, then shows /v1/evaluate's verdict.
// No framework, no build step; it talks to this server's /v1 only.
"use strict";
const T = {
  fr: { title: "Que vous doit le vendeur ?", switch: "English", other: "en",
    intro: "Répondez aux questions : seules celles qui peuvent changer vos droits sont posées. Rien n'est envoyé ailleurs qu'à ce serveur.",
    contract: "Date de l'achat (conclusion du contrat)", asof: "Date à laquelle évaluer vos droits (facultatif, aujourd'hui par défaut)",
    begin: "Commencer", answer: "Valider", unknown: "Je ne sais pas", provisional: "Verdict provisoire",
    letter: "Télécharger la lettre de mise en demeure", letter_off: "La lettre n'est pas disponible sur ce serveur.",
    letter_on: "Lettre prête à envoyer, en recommandé avec avis de réception.",
    yes: "Oui", no: "Non", need_date: "Indiquez une date valide.", after_contract: "Cette date ne peut pas précéder l'achat.",
    future: "Cette date ne peut pas être postérieure à la date d'évaluation.", need_choice: "Choisissez une réponse.",
    need_number: "Indiquez un nombre positif.", need_text: "Indiquez une réponse.", refused: "Réponse refusée : ",
    changes: "Peut changer : ", event_date: "Date de cet événement", verdict: "Votre verdict", provisional_title: "Verdict provisoire",
    as_of: "Au ", contract_on: ", achat du ", what: "Ce que vous pouvez demander", steps: "Prochaines étapes",
    bases: "Autres fondements", glc: "Garantie légale de conformité", liability_end: "Fin de la garantie légale : ",
    presumption_end: "Défaut présumé exister à la livraison jusqu'au : ", action_deadline: "Date limite pour agir en justice : ",
    by: "au plus tard le ", from: "à partir du ", done: "fait le ", error: "Le serveur n'a pas pu répondre : ",
    overall: { actionable: "Vous pouvez faire valoir des droits.", not_actionable: "Aucun droit ne peut être exercé.",
      undetermined: "Impossible de conclure sans d'autres réponses." },
    status: { applies: "s'applique", may_be_invoked: "peut être invoquée", does_not_apply: "ne s'applique pas",
      time_barred: "délai expiré", undetermined: "à déterminer", available: "possible maintenant", not_yet: "pas encore",
      excluded: "exclu", exhausted: "épuisé", done: "fait", due_now: "à faire maintenant", open: "possible",
      closed: "fermé", not_applicable: "sans objet" },
    remedy: { repair: "Réparation", replacement: "Remplacement", price_reduction: "Réduction du prix",
      termination: "Résolution (remboursement)" } },
  en: { title: "What does the seller owe you?", switch: "Français", other: "fr",
    intro: "Answer the questions: only those that can change your rights are asked. Nothing is sent anywhere but this server.",
    contract: "Date of purchase (contract concluded)", asof: "Date to assess your rights on (optional, today by default)",
    begin: "Start", answer: "Confirm", unknown: "I don't know", provisional: "Provisional verdict",
    letter: "Download the formal notice letter", letter_off: "The letter is not available on this server.",
    letter_on: "Letter ready to send by registered post with acknowledgement of receipt.",
    yes: "Yes", no: "No", need_date: "Enter a valid date.", after_contract: "This date cannot be before the purchase.",
    future: "This date cannot be after the assessment date.", need_choice: "Choose an answer.",
    need_number: "Enter a positive number.", need_text: "Enter an answer.", refused: "Answer refused: ",
    changes: "Can change: ", event_date: "Date of that event", verdict: "Your verdict", provisional_title: "Provisional verdict",
    as_of: "As of ", contract_on: ", purchase of ", what: "What you can demand", steps: "Next steps",
    bases: "Other legal bases", glc: "Legal conformity warranty", liability_end: "End of the legal warranty: ",
    presumption_end: "Defect presumed to exist at delivery until: ", action_deadline: "Deadline to go to court: ",
    by: "by ", from: "from ", done: "done on ", error: "The server could not answer: ",
    overall: { actionable: "Rights can be exercised.", not_actionable: "No right can be exercised.",
      undetermined: "No conclusion without more answers." },
    status: { applies: "applies", may_be_invoked: "may be invoked", does_not_apply: "does not apply",
      time_barred: "time limit passed", undetermined: "to be determined", available: "available now", not_yet: "not yet",
      excluded: "excluded", exhausted: "exhausted", done: "done", due_now: "to do now", open: "possible",
      closed: "closed", not_applicable: "not applicable" },
    remedy: { repair: "Repair", replacement: "Replacement", price_reduction: "Price reduction",
      termination: "Termination (refund)" } },
};
let lang = "fr";
const state = { case: null, skip: [], question: null, verdict: null };
const $ = (id) => document.getElementById(id);
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; };

function parseDay(iso) { const [y, m, d] = iso.split("-").map(Number); return new Date(y, m - 1, d); }
function day(iso) { return new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", { dateStyle: "long" }).format(parseDay(iso)); }
function isDate(value) { return /^\d{4}-\d{2}-\d{2}$/.test(value) && !isNaN(parseDay(value)); }
function asOf() { return state.case.as_of || new Date().toISOString().slice(0, 10); }

function translate() {
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-t]").forEach((e) => { e.textContent = T[lang][e.dataset.t]; });
  $("lang").textContent = T[lang].switch;
  $("lang").setAttribute("aria-label", T[lang].switch);
  if (state.question) showQuestion(state.question);
  if (state.verdict) showVerdict(state.verdict, state.final);
}

async function api(path, body) {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const data = response.headers.get("content-type")?.includes("json") ? await response.json() : await response.text();
  if (!response.ok) throw new Error(typeof data === "string" ? data : (data.detail_text || data.detail || data.title || response.status));
  return data;
}

function setPath(target, path, value) {
  const parts = path.split(".");
  let node = target;
  parts.slice(0, -1).forEach((part) => { node[part] = node[part] || {}; node = node[part]; });
  node[parts[parts.length - 1]] = value;
}

// History questions: "history[2].ground" is a field of the case's third event; "history[].x" asks which event
// happened (its choices are event types, or "none") and an answer adds that event, dated, to the history.
const NOTHING = "none";
function addsEvent(q) { return q.path.startsWith("history[]."); }

function apply(q, value) {
  const field = /^history\[(\d+)\]\.([a-z_]+)$/.exec(q.path);
  if (addsEvent(q)) {
    if (value === NOTHING) state.skip.push(q.path);
    else state.case.history = (state.case.history || []).concat([{ type: value.type, date: value.date }]);
  } else if (field) {
    state.case.history[Number(field[1])][field[2]] = value;
  } else {
    setPath(state.case, q.path, value);
  }
}

async function next() {
  const query = new URLSearchParams({ limit: "1" });
  state.skip.forEach((path) => query.append("skip", path));
  const data = await api("/v1/next-questions?" + query, state.case);
  const question = data.questions[0];
  if (!question) { await verdict(true); return; }
  state.question = question;
  showQuestion(question);
}

function showQuestion(q) {
  $("question").hidden = false;
  $("q_text").textContent = q[lang];
  $("q_hint").textContent = q["required_for_" + lang] ? T[lang].changes + q["required_for_" + lang] : "";
  $("q_error").textContent = "";
  const box = $("q_input");
  box.replaceChildren();
  const radios = q.type === "bool" ? [["true", T[lang].yes], ["false", T[lang].no]]
    : q.type === "enum" ? q.choices.map((c) => [c.value, c[lang]]) : null;
  if (radios) {
    radios.forEach(([value, label], i) => {
      const wrap = el("label", null, "choice");
      const input = el("input");
      Object.assign(input, { type: "radio", name: "answer", value, id: "answer_" + i, required: true });
      wrap.append(input, " " + label);
      box.append(wrap);
    });
    if (addsEvent(q)) {  // the date of the event the answer adds
      const label = el("label", T[lang].event_date);
      label.htmlFor = "event_date";
      const input = el("input");
      Object.assign(input, { type: "date", id: "event_date", min: state.case.purchase.contract_date, max: asOf() });
      box.append(label, input);
    }
  } else {
    const input = el("input");
    input.name = "answer"; input.id = "answer"; input.required = true;
    input.type = q.type === "date" ? "date" : (q.type === "int" || q.type === "money") ? "number" : "text";
    if (input.type === "number") { input.min = "0"; input.step = q.type === "money" ? "0.01" : "1"; }
    if (q.type === "date") { input.min = state.case.purchase.contract_date; input.max = asOf(); }
    input.setAttribute("aria-labelledby", "q_text");
    box.append(input);
  }
}

function readDate(raw) {
  if (!isDate(raw)) throw new Error(T[lang].need_date);
  if (raw < state.case.purchase.contract_date) throw new Error(T[lang].after_contract);
  if (raw > asOf()) throw new Error(T[lang].future);
  return raw;
}

function readAnswer(q) {
  // Validated here first; the API validates again (422 when the case does not hold).
  if (q.type === "bool" || q.type === "enum") {
    const picked = document.querySelector("input[name=answer]:checked");
    if (!picked) throw new Error(T[lang].need_choice);
    if (addsEvent(q)) return picked.value === NOTHING ? NOTHING : { type: picked.value, date: readDate($("event_date").value.trim()) };
    return q.type === "bool" ? picked.value === "true" : picked.value;
  }
  const raw = $("answer").value.trim();
  if (q.type === "date") return readDate(raw);
  if (q.type === "int" || q.type === "money") {
    const number = Number(raw);
    if (raw === "" || !isFinite(number) || number < 0 || (q.type === "int" && !Number.isInteger(number))) throw new Error(T[lang].need_number);
    return number;
  }
  if (!raw) throw new Error(T[lang].need_text);
  return raw;
}

async function verdict(final) {
  state.verdict = await api("/v1/evaluate?lang=" + lang, state.case);
  state.final = final;
  if (final) { $("question").hidden = true; state.question = null; }
  showVerdict(state.verdict, final);
  offerLetter();
}

function item(list, label, status, dates) {
  const li = el("li", label + " : " + (T[lang].status[status] || T[lang].status.undetermined));
  dates.filter(([, iso]) => iso).forEach(([prefix, iso]) => { li.append(" — " + prefix); li.append(el("span", day(iso), "date")); });
  list.append(li);
}

function showVerdict(v, final) {
  const box = $("verdict");
  box.hidden = false;
  box.replaceChildren();
  box.append(el("h2", final ? T[lang].verdict : T[lang].provisional_title));
  box.append(el("p", T[lang].as_of + day(v.as_of) + T[lang].contract_on + day(v.contract_date)));
  box.append(el("p", T[lang].overall[v.status], "status"));
  const glc = v.legal_conformity;
  box.append(el("h3", T[lang].glc + " : " + T[lang].status[glc.status]));
  const dates = el("ul", null, "dates");
  [["liability_end", glc.liability && glc.liability.end], ["presumption_end", glc.presumption_end],
   ["action_deadline", glc.action_deadline]].filter(([, iso]) => iso).forEach(([key, iso]) => {
    const li = el("li", T[lang][key]); li.append(el("span", day(iso), "date")); dates.append(li); });
  box.append(dates);
  if (v.remedies.length) {
    box.append(el("h3", T[lang].what));
    const list = el("ul");
    v.remedies.forEach((r) => item(list, T[lang].remedy[r.remedy] || r.remedy, r.status,
      Object.entries(r.dates).map(([, iso]) => [T[lang].by, iso]).slice(0, 1)));
    box.append(list);
  }
  if (v.recommended) box.append(el("p", v.recommended[lang]));
  box.append(el("h3", T[lang].steps));
  const steps = el("ol", null, "steps");
  v.next_steps.forEach((s) => item(steps, s.title[lang], s.status,
    [[T[lang].done, s.done_on], [T[lang].from, s.opens_on], [T[lang].by, s.last_day]]));
  box.append(steps);
}

async function offerLetter() {
  // The letter endpoint comes with the letters feature: the control stays disabled until the server has it.
  $("letter").hidden = false;
  const button = $("letter_button");
  try {
    const response = await fetch("/v1/letters/conformity_notice?format=md&lang=" + lang, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(state.case) });
    if (!response.ok) return;
    const blob = await response.blob();
    button.disabled = false;
    $("letter_note").textContent = T[lang].letter_on;
    button.onclick = () => { const a = el("a"); a.href = URL.createObjectURL(blob); a.download = "mise-en-demeure.md"; a.click(); };
  } catch (error) { /* stays disabled */ }
}

document.addEventListener("DOMContentLoaded", () => {
  $("lang").addEventListener("click", () => { lang = T[lang].other; translate(); });
  $("start").addEventListener("submit", async (event) => {
    event.preventDefault();
    const contract = $("contract_date").value, as_of = $("as_of").value;
    $("start_error").textContent = "";
    if (!isDate(contract)) { $("start_error").textContent = T[lang].need_date; return; }
    if (as_of && (!isDate(as_of) || as_of < contract)) { $("start_error").textContent = T[lang].after_contract; return; }
    state.case = { purchase: { contract_date: contract } };
    if (as_of) state.case.as_of = as_of;
    $("start").hidden = true;
    try { await next(); } catch (error) { $("start_error").textContent = T[lang].error + error.message; $("start").hidden = false; }
  });
  $("question").addEventListener("submit", async (event) => {
    event.preventDefault();
    const q = state.question;
    let value;
    try { value = readAnswer(q); } catch (error) { $("q_error").textContent = error.message; return; }
    const before = JSON.stringify(state.case), skipped = state.skip.length;
    apply(q, value);
    try { await next(); } catch (error) {
      state.case = JSON.parse(before); state.skip.length = skipped; $("q_error").textContent = T[lang].refused + error.message; }
  });
  $("unknown").addEventListener("click", async () => { state.skip.push(state.question.path); await next(); });
  $("provisional").addEventListener("click", () => verdict(false));
});
