// brandplan: streams chat replies (Server-Sent Events over fetch), refreshes the canvas after every turn
// or edit, and follows the session's live stream: what the others say and change, and who is here.
// Every page works without this file; it only makes them feel live.
// Text from people and models is inserted with textContent; HTML comes only from the server,
// which renders it from templates with autoescaping or sanitises it (Markdown replies).
"use strict";

(function () {
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

  // Remember the chosen interface language for pages outside a session.
  document.querySelectorAll("a.lang").forEach((a) => {
    a.addEventListener("click", () => { document.cookie = `lang=${a.dataset.lang}; path=/; samesite=lax`; });
  });

  // Workspace page: follow queued and running uploads, then reload to show the outcome and the documents.
  const uploads = document.querySelector("[data-jobs]");
  if (uploads) {
    const follow = async () => {
      const response = await fetch(uploads.dataset.jobs, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const jobs = await response.json();
      for (const job of jobs) {
        const bar = uploads.querySelector(`[data-job="${job.id}"] progress`);
        if (bar) bar.value = job.progress;
        const note = uploads.querySelector(`[data-job="${job.id}"] .job-note`);
        if (note) note.hidden = !job.preparing;
        const item = uploads.querySelector(`[data-job="${job.id}"]`);
        if (!item || item.classList.contains(job.status)) continue;
        window.location.reload(); // a job changed state: the server renders its outcome
        return;
      }
      setTimeout(follow, 1000);
    };
    setTimeout(follow, 1000);
  }

  const root = document.querySelector(".session");
  if (!root) return;
  const sessionId = root.dataset.session;
  const messages = document.getElementById("messages");
  const composer = document.getElementById("composer");

  function bubble(role, text, author) {
    const li = document.createElement("li");
    li.className = `message ${role}`;
    if (author) {
      const who = document.createElement("p");
      who.className = "author";
      who.textContent = author;
      li.appendChild(who);
    }
    const body = document.createElement("div");
    body.className = "body";
    const p = document.createElement("p");
    p.textContent = text;
    body.appendChild(p);
    li.appendChild(body);
    messages.appendChild(li);
    li.scrollIntoView({ block: "end" });
    return li;
  }

  function sources(li, citations) {
    if (!citations || !citations.length) return;
    const details = document.createElement("details");
    details.className = "sources";
    const summary = document.createElement("summary");
    summary.textContent = `${root.dataset.sources} (${citations.length})`;
    details.appendChild(summary);
    const ol = document.createElement("ol");
    for (const c of citations) {
      const item = document.createElement("li");
      item.value = c.number;
      const strong = document.createElement("strong");
      strong.textContent = c.label;
      const quote = document.createElement("blockquote");
      quote.textContent = c.passage;
      item.append(strong, quote);
      ol.appendChild(item);
    }
    details.appendChild(ol);
    li.appendChild(details);
  }

  async function refreshCanvas() {
    stale = false;
    const response = await fetch(`/s/${sessionId}/canvas`, { headers: { Accept: "text/html" } });
    if (!response.ok) return;
    const holder = document.createElement("div");
    holder.innerHTML = await response.text(); // our own template, autoescaped
    const fresh = holder.querySelector("#canvas");
    document.getElementById("canvas").replaceWith(fresh);
    bindCanvas();
  }

  function parseEvents(buffer, handle) {
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = "message", data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) name = line.slice(7);
        else if (line.startsWith("data: ")) data += line.slice(6);
      }
      if (data) handle(name, JSON.parse(data));
    }
    return buffer;
  }

  async function send(text) {
    bubble("user", text, root.dataset.author);
    const mine = { text, echoed: false, failed: false };
    ownPending.push(mine);
    const li = bubble("assistant", "");
    li.classList.add("streaming");
    const body = li.querySelector(".body p");
    body.textContent = root.dataset.sending;
    let started = false, finished = false;
    const fail = (message) => {
      body.textContent = message;
      li.classList.remove("streaming");
      li.classList.add("failed");
      // no reply will come for this message: the stream must not skip someone else's
      if (mine.echoed) skipReplies = Math.max(0, skipReplies - 1);
      else mine.failed = true;
    };
    let response;
    try {
      response = await fetch(`/api/sessions/${sessionId}/messages`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream", "X-CSRF-Token": csrf() },
        body: JSON.stringify({ text }),
      });
    } catch {
      fail(root.dataset.error); // offline, or the server is down
      return false;
    }
    if (!response.ok || !response.body) {
      const problem = await response.json().catch(() => ({}));
      fail(problem.detail ? String(problem.detail) : root.dataset.error);
      return false;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      let chunk;
      try { chunk = await reader.read(); } catch { break; } // the connection dropped
      const { value, done } = chunk;
      if (done) break;
      buffer = parseEvents(buffer + decoder.decode(value, { stream: true }), (name, data) => {
        if (name === "token") {
          if (!started) { body.textContent = ""; started = true; }
          body.textContent += data.text;
        } else if (name === "reply") {
          li.querySelector(".body").innerHTML = data.html; // sanitised on the server
          sources(li, data.citations);
          if (data.notice) {
            const note = document.createElement("p");
            note.className = "notice";
            note.textContent = data.notice;
            li.appendChild(note);
          }
          li.classList.remove("streaming");
          finished = true;
        } else if (name === "failure") {
          fail(data.message);
          finished = true;
        }
      });
    }
    if (!finished) fail(root.dataset.error); // the stream ended before the reply was complete
    li.scrollIntoView({ block: "end" });
    await refreshCanvas();
    return finished;
  }

  // One message at a time, whether it comes from the composer, Ctrl+Enter or a stage button.
  let busy = false;
  async function sendOne(text) {
    if (busy) return false;
    busy = true;
    if (composer) composer.querySelector("button").disabled = true;
    try { return await send(text); } finally {
      busy = false;
      if (composer) composer.querySelector("button").disabled = false;
      if (composer) count();
    }
  }

  // The composer counts what is typed against the server's limit: a message over it is not sent, and a
  // message the server refuses goes back into the composer, so nothing typed is lost.
  const area = composer ? composer.querySelector("textarea") : null;
  const counter = document.getElementById("composer-count");
  function count() {
    if (!area || !counter) return true;
    const limit = Number(area.dataset.limit), used = area.value.trim().length;
    const over = used - limit;
    counter.classList.toggle("over", over > 0);
    counter.textContent = over > 0
      ? counter.dataset.over.replace("{over}", String(over)).replace("{limit}", String(limit))
      : (used > limit * 0.8 ? `${used} / ${limit}` : "");
    if (!busy) composer.querySelector("button").disabled = over > 0;
    return over <= 0;
  }

  if (composer && area) {
    composer.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = area.value.trim();
      if (!text || busy || !count()) return;
      area.value = "";
      count();
      const sent = await sendOne(text);
      if (!sent && !area.value) { area.value = text; count(); }
      area.focus();
    });
    area.addEventListener("input", count);
    area.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) composer.requestSubmit();
    });
  }

  function bindCanvas() {
    // A finding links to its field; clicking it again (same hash, no hashchange) must highlight it again.
    document.querySelectorAll("#canvas .findings a").forEach((a) => {
      a.addEventListener("click", () => { if (a.hash === location.hash) setTimeout(highlight); });
    });
    document.querySelectorAll("#canvas form.goto").forEach((form) => {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        sendOne(form.querySelector('input[name="text"]').value);
      });
    });
    document.querySelectorAll("#canvas form.edit-form").forEach((form) => {
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const response = await fetch(form.action, {
          method: "POST", body: new FormData(form), headers: { Accept: "application/json" },
        });
        const anchor = form.querySelector('input[name="anchor"]')?.value;
        const mine = new FormData(form);
        if (!response.ok) {
          const problem = await response.json().catch(() => ({}));
          let target = form;
          if (response.status === 409 && anchor) {
            // someone changed this field meanwhile: show its current value (and version), then say why
            await refreshCanvas();
            const holder = document.getElementById(anchor);
            holder?.querySelector("details.edit")?.setAttribute("open", "");
            target = holder?.querySelector("form.edit-form") || form;
          }
          let error = target.querySelector(".error");
          if (!error) { error = document.createElement("p"); error.className = "error"; error.setAttribute("role", "alert"); target.appendChild(error); }
          error.textContent = String(problem.detail || root.dataset.error);
          if (response.status === 409 && target !== form) offerChoice(target, mine);
          return;
        }
        await refreshCanvas();
        if (anchor) document.getElementById(anchor)?.scrollIntoView({ block: "center" });
      });
    });
  }

  // A conflicting edit: the form now shows their value; keep it, put mine over it, or (lists) keep both.
  function offerChoice(form, mine) {
    const box = document.createElement("div");
    box.className = "conflict";
    const choice = (label, act) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.addEventListener("click", () => { box.remove(); act(); });
      box.appendChild(button);
    };
    choice(root.dataset.keepTheirs, () => {
      form.querySelector(".error")?.remove();
      form.closest("details")?.removeAttribute("open");
    });
    choice(root.dataset.takeMine, () => { fill(form, mine, false); form.requestSubmit(); });
    if (form.querySelector('textarea[name="lines"]')) {
      choice(root.dataset.merge, () => { fill(form, mine, true); form.requestSubmit(); });
    }
    form.appendChild(box);
  }

  function fill(form, mine, merge) {
    const lines = (value) => String(value).split("\n").map((line) => line.trim()).filter(Boolean);
    for (const [name, value] of mine.entries()) {
      if (name === "csrf_token" || name === "base_version") continue; // the fresh form's own
      const field = form.elements.namedItem(name);
      if (!field || field instanceof RadioNodeList) continue;
      if (merge && name === "lines") {
        const theirs = lines(field.value);
        field.value = [...theirs, ...lines(value).filter((line) => !theirs.includes(line))].join("\n");
      } else {
        field.value = value;
      }
    }
  }

  // The live stream: turns from the others, canvas changes, who is here. A page that sent a message
  // renders its reply from its own request, so its own turns coming back on the stream are skipped.
  const ownPending = [];
  let skipReplies = 0;
  let stale = false;
  const seen = new Set([...messages.querySelectorAll("[data-seq]")].map((li) => li.dataset.seq));
  const answering = document.getElementById("answering");
  const presence = document.getElementById("presence");

  function refreshSoon() {
    // never under someone's fingers: an open edit form is refreshed when it closes or is saved
    if (document.querySelector("#canvas details.edit[open]")) { stale = true; return; }
    clearTimeout(refreshSoon.timer);
    refreshSoon.timer = setTimeout(refreshCanvas, 100);
  }
  document.addEventListener("toggle", (event) => {
    if (stale && event.target.matches?.("#canvas details.edit") && !event.target.open) refreshSoon();
  }, true);

  function onTurn(turn) {
    const seq = String(turn.seq);
    if (seen.has(seq)) return;
    seen.add(seq);
    if (turn.role === "user") {
      const own = ownPending.findIndex((m) => m.text === turn.content && turn.author === root.dataset.author);
      if (own >= 0) {
        const [mine] = ownPending.splice(own, 1);
        mine.echoed = true;
        if (!mine.failed) skipReplies += 1;
        return;
      }
      bubble("user", turn.content, turn.author).dataset.seq = seq;
      answering.textContent = root.dataset.answering.replace("{name}", turn.author || "…");
      answering.hidden = false;
      return;
    }
    answering.hidden = true;
    if (skipReplies > 0) { skipReplies -= 1; return; }
    const li = bubble("assistant", "");
    li.dataset.seq = seq;
    li.querySelector(".body").innerHTML = turn.html; // rendered and sanitised on the server
    sources(li, turn.meta && turn.meta.citations);
    if (turn.meta && turn.meta.notice) {
      const note = document.createElement("p");
      note.className = "notice";
      note.textContent = turn.meta.notice;
      li.appendChild(note);
    }
  }

  function onPresence(people) {
    const names = people.map((p) => (p.pages > 1 ? `${p.name} (${p.role}, ${p.pages})` : `${p.name} (${p.role})`));
    presence.textContent = `${presence.dataset.label} ${names.join(", ")}`;
  }

  if (window.EventSource) {
    const events = new EventSource(`/api/sessions/${sessionId}/events?after=${root.dataset.eventsAfter || 0}`);
    const on = (name, handle) => events.addEventListener(name, (event) => handle(JSON.parse(event.data)));
    on("turn", onTurn);
    on("document", refreshSoon);
    on("proposal", refreshSoon);
    on("presence", (data) => onPresence(data.people));
    root.dataset.live = "yes";
  }

  function highlight() {
    const target = location.hash && document.getElementById(location.hash.slice(1));
    if (!target) return;
    document.querySelectorAll(".highlight").forEach((e) => e.classList.remove("highlight"));
    target.classList.add("highlight");
    const item = target.closest(".item") || target;
    item.querySelector("details.edit")?.setAttribute("open", "");
  }
  window.addEventListener("hashchange", highlight);
  bindCanvas();
  highlight();
  messages.lastElementChild?.scrollIntoView({ block: "end" });
})();

// Session page on a phone (narrow screens): chat and canvas as two tabs, so the page opens at the composer and is
// no longer one very long column; wide screens keep them side by side. Without this script both stay stacked.
(function () {
  const bar = document.querySelector(".session .tabbar");
  if (!bar) return;
  const session = bar.closest(".session");
  const tabs = Array.from(bar.querySelectorAll('[role="tab"]'));
  const panel = (tab) => document.getElementById(tab.getAttribute("aria-controls"));
  const narrow = window.matchMedia("(max-width: 60rem)");
  const hashTarget = () => (location.hash ? document.getElementById(location.hash.slice(1)) : null);

  function select(chosen, focus) {
    for (const tab of tabs) {
      const on = tab === chosen;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      panel(tab).classList.toggle("tab-hidden", !on);
    }
    if (focus) chosen.focus();
  }

  function arrange() {
    const tabbed = narrow.matches;
    bar.hidden = !tabbed;
    session.classList.toggle("tabbed", tabbed);
    for (const tab of tabs) {
      const pane = panel(tab);
      if (tabbed) { pane.setAttribute("role", "tabpanel"); pane.setAttribute("aria-labelledby", tab.id); }
      else { pane.removeAttribute("role"); pane.removeAttribute("aria-labelledby"); pane.classList.remove("tab-hidden"); }
    }
    if (!tabbed) return;
    // a link into the canvas (a finding, a saved edit) opens the canvas; anything else opens at the composer
    const target = hashTarget();
    const canvasTab = target && tabs.find((tab) => panel(tab).contains(target));
    select(canvasTab || tabs[0], false);
    if (canvasTab) return;
    const log = document.getElementById("messages");
    if (log) log.scrollTop = log.scrollHeight; // the latest message, now that the chat scrolls on its own
    (document.getElementById("composer") || panel(tabs[0])).scrollIntoView({ block: "end" });
  }

  bar.addEventListener("click", (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) select(tab, true);
  });
  bar.addEventListener("keydown", (event) => {
    const at = tabs.indexOf(document.activeElement);
    const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (at < 0 || to === undefined) return;
    event.preventDefault();
    select(tabs[(to + tabs.length) % tabs.length], true);
  });
  window.addEventListener("hashchange", () => {
    const target = hashTarget();
    const tab = target && narrow.matches && tabs.find((t) => panel(t).contains(target));
    if (tab) { select(tab, false); target.scrollIntoView({ block: "center" }); }
  });
  narrow.addEventListener("change", arrange);
  arrange();
})();
