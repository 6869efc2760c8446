// perf serve: the one script, embedded in the binary. Pages work without it; it only adds
// the live check of the edit form (debounced) and the add-row button.
"use strict";
// Every page: say when the data changed on disk (a git pull, an editor, another clerk's save).
(function () {
  const mine = document.querySelector('meta[name="perf-stamp"]');
  const banner = document.getElementById("changed");
  if (!mine || !banner) return;
  setInterval(async function () {
    try {
      const response = await fetch("/stamp", { cache: "no-store" });
      if (response.ok && (await response.text()) !== mine.content) banner.hidden = false;
    } catch (_) {
      // The server stopped; nothing to say until it is back.
    }
  }, 5000);
})();

(function () {
  const form = document.querySelector("form.edit");
  if (!form) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const live = document.getElementById("live");
  let timer = null;
  let seq = 0;

  // The first answer replaces the findings the page was served with.
  function clear() {
    for (const old of form.querySelectorAll("ul.findings")) old.remove();
    for (const old of live.querySelectorAll("ul.findings")) old.remove();
  }

  function show(findings) {
    clear();
    let placed = 0;
    for (const f of findings) {
      const anchor = f.field && form.querySelector('[data-field="' + CSS.escape(f.field) + '"]');
      const box = anchor || live;
      let list = box.querySelector(":scope > ul.live-findings");
      if (!list) {
        list = document.createElement("ul");
        list.className = "findings live-findings";
        box.appendChild(list);
      }
      const li = document.createElement("li");
      li.className = f.severity;
      const code = document.createElement("a");
      code.href = "/rules/" + encodeURIComponent(f.code);
      code.textContent = f.code;
      li.append(f.level + " ", code, " " + f.message);
      li.dataset.code = f.code;
      list.appendChild(li);
      if (anchor) placed += 1;
    }
    live.dataset.count = String(findings.length);
    live.querySelector(".count").textContent = live.dataset.template.replace("{n}", findings.length);
    return placed;
  }

  async function check() {
    const mine = ++seq;
    const body = new URLSearchParams(new FormData(form));
    const response = await fetch(form.dataset.check, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf },
      body: body,
    });
    if (!response.ok || mine !== seq) return;
    const answer = await response.json();
    show(answer.findings);
    for (const [row, text] of answer.readings) {
      const cell = form.querySelector('[data-field="' + CSS.escape(row + ".target") + '"]');
      if (!cell) continue;
      let small = cell.querySelector("small.reading");
      if (!small) {
        small = document.createElement("small");
        small.className = "reading";
        cell.querySelector("input").after(small);
      }
      small.textContent = text;
    }
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  });

  const add = document.getElementById("add-row");
  if (add) {
    add.addEventListener("click", function (event) {
      event.preventDefault();
      const rows = form.querySelectorAll("tbody.indicators tr.indicator");
      const last = rows[rows.length - 1];
      const copy = last.cloneNode(true);
      const next = Number(form.elements["rows"].value);
      for (const input of copy.querySelectorAll("[name]")) {
        input.name = input.name.replace(/^ind\.\d+\./, "ind." + next + ".");
        if (input.dataset.field) input.dataset.field = input.name;
        if (input.type === "checkbox") input.checked = false;
        else if (input.type === "hidden") input.value = "new";
        else if (input.classList.contains("pos")) input.value = String(next + 1);
        else if (input.tagName !== "SELECT") input.value = "";
      }
      for (const el of copy.querySelectorAll("[data-field]")) {
        el.dataset.field = el.dataset.field.replace(/^ind\.\d+\./, "ind." + next + ".");
      }
      for (const old of copy.querySelectorAll("ul.findings, small.reading")) old.remove();
      form.elements["rows"].value = String(next + 1);
      last.after(copy);
    });
  }
})();
