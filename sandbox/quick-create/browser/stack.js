/** Browser-side: the stack detail view (status, outputs with copy buttons, resources, parameters). */
function loadStack(stackId) {
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

function renderStack(stack) {
  setBreadcrumbs([["CloudFormation", "/cloudformation/home"], ["Stacks", "/cloudformation/home#/stacks"], [stack.stackName]]);
  clear(app);
  var heading = h("h1", { tabindex: "-1", text: stack.stackName });
  app.appendChild(heading);
  var complete = stack.status === "CREATE_COMPLETE";
  var tone = complete ? "ok" : /FAILED|ROLLBACK/.test(stack.status) ? "err" : "progress";
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
    return table(headingId, ["Logical ID", "Physical ID", "Type", "Status"], stack.resources.map(function (r) {
      return [r.logicalId, r.physicalId, r.type, "CREATE_COMPLETE"];
    }));
  }));
  app.appendChild(section("Parameters (" + stack.parameters.length + ")", function (headingId) {
    if (!stack.parameters.length) return h("p", { className: "muted", text: "No parameters." });
    return table(headingId, ["Key", "Value"], stack.parameters.map(function (p) { return [p.key, p.value]; }));
  }));

  if (!complete) showFlash("error", "Stack creation failed", stack.statusReason || stack.status);
  announce("Stack " + stack.stackName + ": " + stack.status);
  heading.focus();
}
