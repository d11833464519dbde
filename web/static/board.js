// brandplan board: move touchpoint cards between the cells of the grid by mouse, touch or keyboard, add them in
// place, and follow the document as others change it. Every move is one edit of the JSON API made on the version
// the board shows: `set` on the touchpoint (by id) with its new stage and level together, so a move is one
// version and is refused (409) when someone changed that touchpoint meanwhile. The page reads well without this
// file; the "+" forms then post like the canvas's own forms.
// Names come from the server's autoescaped fragment or are set with textContent; nothing typed becomes markup.
"use strict";

(function () {
  const board = document.querySelector(".board");
  if (!board) return;
  const sessionId = board.dataset.session;
  const canEdit = board.dataset.canEdit === "yes";
  const status = document.getElementById("board-status");
  const alertBox = document.getElementById("board-alert");
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content || "";
  const grid = () => document.getElementById("board-grid");
  const say = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
  const announce = (text) => { status.textContent = text; };
  const cardOf = (id) => document.getElementById(`card-${id}`);
  const cardName = (card) => `${card.querySelector(".num").textContent} ${card.querySelector(".name").textContent}`;
  const rows = () => Array.from(grid().querySelectorAll("tbody tr")).map((tr) => Array.from(tr.querySelectorAll("td.cell")));
  const cellAt = (row, col) => rows()[row]?.[col] || null;

  let drag = null; // a pointer drag: the card, where it started, the cell under the pointer
  let lift = null; // a keyboard move: the card's id and the cell chosen so far (row, column)
  let stale = false; // the document changed during a drag: refresh once it ends

  function paintTarget(cell) {
    grid().querySelectorAll("td.cell.target").forEach((c) => c.classList.remove("target"));
    if (cell) cell.classList.add("target");
  }

  // The grid again from the server (after a move, an addition or someone else's change), keeping the focus, an
  // unfinished name in a "+" form and a keyboard move in progress.
  async function refresh(focusId) {
    if (drag) { stale = true; return; }
    const response = await fetch(`/s/${sessionId}/board/grid`, { headers: { Accept: "text/html" } });
    if (!response.ok) return;
    const holder = document.createElement("div");
    holder.innerHTML = await response.text(); // our own template, autoescaped
    const fresh = holder.querySelector("#board-grid");
    if (!fresh || Number(fresh.dataset.version) < Number(grid().dataset.version)) return; // an answer overtaken
    const active = document.activeElement;
    const focused = focusId || active?.closest?.(".card")?.dataset.id;
    const typing = active?.matches?.("form.board-add input") && active.value ? [active.id, active.value] : null;
    grid().replaceWith(fresh);
    if (typing) {
      const input = document.getElementById(typing[0]);
      input?.closest("details")?.setAttribute("open", "");
      if (input) { input.value = typing[1]; input.focus(); }
    } else if (focused) cardOf(focused)?.querySelector(".grab")?.focus();
    if (lift) {
      const card = cardOf(lift.id);
      if (card) { card.classList.add("lifted"); paintTarget(cellAt(lift.row, lift.col)); } else lift = null;
    }
  }

  // One edit through the API, on the version the board shows; says why when it is refused.
  async function edit(change) {
    let response;
    try {
      response = await fetch(`/api/sessions/${sessionId}/edits`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf() },
        body: JSON.stringify({ ...change, base_version: Number(grid().dataset.version) }),
      });
    } catch {
      alertBox.textContent = board.dataset.failed; // offline, or the server is down
      return 0;
    }
    if (response.ok) { alertBox.textContent = ""; return response.status; }
    const problem = await response.json().catch(() => ({}));
    const detail = Array.isArray(problem.detail) ? problem.detail.join("; ") : String(problem.detail || response.status);
    alertBox.textContent = response.status === 409 ? board.dataset.conflict : `${board.dataset.failed}: ${detail}`;
    return response.status;
  }

  // A move or an addition in progress refreshes the board when it is answered: events wait for it meanwhile.
  let editing = 0;
  async function ownChange(work) {
    editing += 1;
    try { return await work(); } finally { editing -= 1; }
  }

  async function move(card, cell) {
    if (!cell || (card.dataset.stage === cell.dataset.stage && card.dataset.level === cell.dataset.level)) return;
    await ownChange(() => moveTo(card, cell));
  }

  async function moveTo(card, cell) {
    const id = card.dataset.id, name = cardName(card);
    card.classList.add("saving");
    cell.querySelector("ul.cards").appendChild(card); // shown where it goes while it is saved
    const value = { journey_stage: cell.dataset.stage, engagement_level: cell.dataset.level };
    const saved = (await edit({ op: "set", path: `touchpoints[${id}]`, value })) === 200;
    await refresh(id); // the server's board: the move, or (refused) the latest version
    if (saved) announce(say(board.dataset.moved, { card: name, cell: cell.dataset.label }));
  }

  if (!canEdit) {
    follow();
    return;
  }

  // Mouse and touch: pointer events, so one code path serves both; a press that does not travel is no drag.
  board.addEventListener("pointerdown", (event) => {
    const grab = event.target.closest(".card .grab");
    if (!grab || event.button !== 0 || lift) return;
    drag = { card: grab.closest(".card"), x: event.clientX, y: event.clientY, pointer: event.pointerId, moving: false, cell: null };
  });
  document.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.pointer) return;
    const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (!drag.moving && Math.hypot(dx, dy) < 6) return;
    drag.moving = true;
    drag.card.classList.add("dragging");
    drag.card.style.transform = `translate(${dx}px, ${dy}px)`;
    const under = document.elementsFromPoint(event.clientX, event.clientY);
    drag.cell = under.find((e) => e.matches("td.cell") && !e.contains(drag.card)) || null; // not where it lifted from
    paintTarget(drag.cell);
    event.preventDefault();
  });
  const endDrag = async (event, drop) => {
    if (!drag || event.pointerId !== drag.pointer) return;
    const { card, cell, moving } = drag;
    drag = null;
    card.classList.remove("dragging");
    card.style.transform = "";
    paintTarget(null);
    if (moving && drop) await move(card, cell);
    if (stale) { stale = false; await refresh(); }
  };
  document.addEventListener("pointerup", (event) => endDrag(event, true));
  document.addEventListener("pointercancel", (event) => endDrag(event, false));

  // Keyboard: Enter or Space picks a card up, the arrows choose a cell, Enter or Space drops, Escape cancels.
  const STEPS = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  function pickUp(card) {
    const table = rows();
    let row = table.findIndex((cells) => cells.includes(card.closest("td.cell")));
    const col = row < 0 ? 0 : table[row].indexOf(card.closest("td.cell"));
    if (row < 0) row = 0; // from the tray: start in the first cell
    lift = { id: card.dataset.id, row, col };
    card.classList.add("lifted");
    paintTarget(cellAt(row, col));
    announce(say(board.dataset.picked, { card: cardName(card) }));
  }
  function putDown(message) {
    const card = lift && cardOf(lift.id);
    lift = null;
    card?.classList.remove("lifted");
    paintTarget(null);
    if (message) announce(message);
  }
  board.addEventListener("keydown", (event) => {
    const grab = event.target.closest?.(".card .grab");
    if (!grab) return;
    const card = grab.closest(".card");
    const activate = event.key === "Enter" || event.key === " ";
    if (!lift) {
      if (activate) { event.preventDefault(); pickUp(card); }
      return;
    }
    if (STEPS[event.key]) {
      event.preventDefault();
      const table = rows();
      const [dr, dc] = STEPS[event.key];
      lift.row = Math.min(table.length - 1, Math.max(0, lift.row + dr));
      lift.col = Math.min(table[lift.row].length - 1, Math.max(0, lift.col + dc));
      const cell = cellAt(lift.row, lift.col);
      paintTarget(cell);
      announce(cell.dataset.label);
    } else if (activate) {
      event.preventDefault();
      const cell = cellAt(lift.row, lift.col);
      const home = card.closest("td.cell") === cell;
      putDown(home ? board.dataset.cancelled : "");
      if (!home) move(card, cell);
    } else if (event.key === "Escape" || event.key === "Tab") {
      if (event.key === "Escape") event.preventDefault();
      putDown(board.dataset.cancelled);
    }
  });
  board.addEventListener("focusout", (event) => {
    if (lift && event.target.closest?.(".card")?.dataset.id === lift.id && event.relatedTarget) putDown(board.dataset.cancelled);
  });

  // "+" in a cell: a name, added there with the cell's stage and level.
  board.addEventListener("toggle", (event) => {
    if (event.target.matches?.("details.add-here") && event.target.open) event.target.querySelector("input[name='item.name']")?.focus();
  }, true);
  board.addEventListener("submit", (event) => {
    const form = event.target.closest("form.board-add");
    if (!form) return;
    event.preventDefault();
    ownChange(() => add(form));
  });

  async function add(form) {
    const input = form.querySelector("input[name='item.name']");
    const name = input.value.trim();
    if (!name) return;
    const cell = form.closest("td.cell");
    const before = new Set(Array.from(grid().querySelectorAll(".card")).map((c) => c.dataset.id));
    const value = { name, journey_stage: cell.dataset.stage, engagement_level: cell.dataset.level };
    if ((await edit({ op: "add", path: "touchpoints", value })) !== 200) return; // the name stays in the form
    input.value = "";
    await refresh();
    const added = Array.from(grid().querySelectorAll(".card")).find((c) => !before.has(c.dataset.id));
    added?.querySelector(".grab")?.focus();
    announce(say(board.dataset.added, { card: name, cell: cell.dataset.label }));
  }

  follow();

  // Someone else's change (the chat, the canvas, another board): the document's events, when the server sends them.
  function follow() {
    if (!board.dataset.events || !("EventSource" in window)) return;
    const source = new EventSource(board.dataset.events);
    source.addEventListener("document", async (event) => {
      let data;
      try { data = JSON.parse(event.data); } catch { return; }
      if (Number(data.version) <= Number(grid().dataset.version)) return; // already shown (our own edit, say)
      if (editing) return; // our own edit is being answered: the board refreshes after it anyway
      const fields = Array.isArray(data.fields) ? data.fields : [""]; // not said: anything may have changed
      const around = fields.some((path) => !String(path).startsWith("touchpoints"));
      await Promise.all([refresh(), around ? refreshAround() : null]);
      announce(board.dataset.updated);
    });
  }

  // The purpose, audience, objectives and KPIs around the grid, from the page itself (they change more rarely).
  async function refreshAround() {
    const response = await fetch(`/s/${sessionId}/board`, { headers: { Accept: "text/html" } });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html"); // our own page, autoescaped
    const now = document.querySelectorAll(".board .around");
    fresh.querySelectorAll(".board .around").forEach((part, index) => now[index]?.replaceWith(document.adoptNode(part)));
  }
})();
