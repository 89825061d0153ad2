/**
 * Browser-side: the stack detail view (status, outputs with copy buttons, resources, parameters), refreshed
 * every second while the stack is in progress, with the "Delete stack" action.
 */
var POLL_MS = 1000;
var pollTimer = null;

function stopPolling() {
  if (pollTimer !== null) clearTimeout(pollTimer);
  pollTimer = null;
}

function loadStack(stackId) {
  stopPolling();
  clear(app);
  app.appendChild(h("p", { className: "muted", role: "status", text: "Loading stack\u2026" }));
  api("GET", "/cloudformation/api/stacks?stackId=" + encodeURIComponent(stackId)).then(function (res) {
    if (!res.ok) {
      clear(app);
      return void showFlash("error", "Stack not found", res.data.error.message);
    }
    renderStack(res.data.stack);
  });
}

function table(headingId, columns, rows) {
  return h("table", { "aria-labelledby": headingId }, [
    h("thead", {}, [h("tr", {}, columns.map(function (c) { return h("th", { scope: "col", text: c }); }))]),
    h("tbody", {}, rows.map(function (cells) {
      return h("tr", {}, cells.map(function (cell) { return h("td", {}, [typeof cell === "string" ? document.createTextNode(cell) : cell]); }));
    }))
  ]);
}

function section(title, content) {
  var box = container(title, null, [], true);
  var headingId = box.getAttribute("data-heading");
  box.lastChild.appendChild(content(headingId));
  return box;
}

function copyButton(key, value) {
  var button = h("button", { type: "button", className: "btn btn--small", "aria-label": "Copy " + key, text: "Copy" });
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(value).then(function () {
      button.textContent = "Copied";
      announce(key + " copied");
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    }, function () {
      showFlash("error", "Copy failed", "Select the value and copy it by hand.");
    });
  });
  return button;
}

function statusTone(status) {
  if (/IN_PROGRESS$/.test(status)) return "progress";
  return /FAILED|ROLLBACK/.test(status) ? "err" : "ok";
}

// Re-fetches the stack while it is in progress; stops when the user goes elsewhere.
function poll(stack) {
  stopPolling();
  var target = "stackId=" + encodeURIComponent(stack.stackId);
  pollTimer = setTimeout(function () {
    pollTimer = null;
    if (location.hash.indexOf(target) < 0) return;
    api("GET", "/cloudformation/api/stacks?" + target).then(function (res) {
      if (location.hash.indexOf(target) < 0) return;
      if (!res.ok) return void showFlash("error", "Stack not found", res.data.error.message);
      renderStack(res.data.stack, stack.status);
    });
  }, POLL_MS);
}

function deleteButton(stack) {
  var deletable = ["CREATE_COMPLETE", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_FAILED"].indexOf(stack.status) >= 0;
  if (!deletable) return null;
  var button = h("button", { type: "button", className: "btn", text: "Delete stack" });
  button.addEventListener("click", function () {
    button.disabled = true;
    button.textContent = "Deleting\u2026";
    api("POST", "/cloudformation/api/stacks/delete", { stackId: stack.stackId }).then(function (res) {
      if (!res.ok) {
        button.disabled = false;
        button.textContent = "Delete stack";
        showFlash("error", res.data.error.code || "Error", res.data.error.message).focus();
        return;
      }
      renderStack(res.data.stack, stack.status);
    });
  });
  return button;
}

/** Shows a stack; `previousStatus` is set when refreshing the page already shown (focus stays where it is). */
function renderStack(stack, previousStatus) {
  var refresh = previousStatus !== undefined;
  setBreadcrumbs([["CloudFormation", "/cloudformation/home"], ["Stacks", "/cloudformation/home#/stacks"], [stack.stackName]]);
  clear(app);
  var heading = h("h1", { tabindex: "-1", text: stack.stackName });
  app.appendChild(h("div", { className: "page-header" }, [heading, deleteButton(stack)]));
  var tone = statusTone(stack.status);
  var status = h("span", { className: "status status--" + tone, text: stack.status });
  app.appendChild(container("Stack info", null, [h("dl", { className: "kv" }, [
    kv("Status", status),
    stack.statusReason ? kv("Status reason", stack.statusReason) : null,
    kv("Stack ID", stack.stackId),
    kv("Created time", new Date(stack.createdAt).toLocaleString()),
    kv("Description", stack.description || "-"),
    kv("Account", stack.accountId),
    kv("Region", stack.region)
  ])], true));

  app.appendChild(section("Outputs (" + stack.outputs.length + ")", function (headingId) {
    if (!stack.outputs.length) return h("p", { className: "muted", text: "No outputs." });
    return table(headingId, ["Key", "Value", "Description", "Export name"], stack.outputs.map(function (o) {
      return [o.key, h("span", {}, [h("code", { text: o.value }), " ", copyButton(o.key, o.value)]), o.description || "-", o.exportName || "-"];
    }));
  }));
  app.appendChild(section("Resources (" + stack.resources.length + ")", function (headingId) {
    if (!stack.resources.length) return h("p", { className: "muted", text: "No resources." });
    return table(headingId, ["Logical ID", "Physical ID", "Type", "Status", "Status reason"], stack.resources.map(function (r) {
      return [r.logicalId, r.physicalId || "-", r.type, r.status, r.statusReason || "-"];
    }));
  }));
  app.appendChild(section("Parameters (" + stack.parameters.length + ")", function (headingId) {
    if (!stack.parameters.length) return h("p", { className: "muted", text: "No parameters." });
    return table(headingId, ["Key", "Value"], stack.parameters.map(function (p) { return [p.key, p.value]; }));
  }));

  if (tone === "progress") poll(stack);
  if (/^ROLLBACK|^CREATE_FAILED/.test(stack.status)) showFlash("error", "Stack creation failed", stack.statusReason || stack.status);
  else if (stack.status === "DELETE_FAILED") showFlash("error", "Stack deletion failed", stack.statusReason || stack.status);
  else if (stack.status === "DELETE_COMPLETE" && refresh) showFlash("success", "Stack deleted", "The stack and its resources were deleted.");
  else clearFlash();
  if (stack.status !== previousStatus) announce("Stack " + stack.stackName + ": " + stack.status);
  if (!refresh) heading.focus();
}
