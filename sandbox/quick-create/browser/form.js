/** Browser-side: the quick-create form, built from the template the sandbox fetched. */
function landing() {
  setBreadcrumbs([["CloudFormation", "/cloudformation/home"], ["Stacks"]]);
  clear(app);
  app.appendChild(h("h1", { text: "Stacks" }));
  app.appendChild(container("Create a stack", null, [h("p", {
    text: "Open a quick-create link (/cloudformation/home?region=REGION#/stacks/quickcreate?templateURL=\u2026&stackName=\u2026&param_Name=\u2026) to create a stack in a simulated account."
  })]));
}

function quickCreate(params) {
  var templateURL = params.get("templateURL");
  setBreadcrumbs([["CloudFormation", "/cloudformation/home"], ["Stacks", "/cloudformation/home#/stacks"], ["Quick create stack"]]);
  clear(app);
  app.appendChild(h("h1", { text: "Quick create stack" }));
  if (!templateURL) {
    showFlash("error", "Template error", "The quick-create link has no templateURL.");
    return;
  }
  var loading = h("p", { className: "muted", role: "status", text: "Loading template\u2026" });
  app.appendChild(loading);
  api("POST", "/cloudformation/api/template", { templateURL: templateURL }).then(function (res) {
    loading.remove();
    if (!res.ok) return void showFlash("error", "Template error", res.data.error.message);
    renderForm(res.data.template, templateURL, params);
  });
}

function renderForm(template, templateURL, params) {
  var values = {};
  params.forEach(function (value, key) { if (key.indexOf("param_") === 0) values[key.slice(6)] = value; });
  var fields = {};

  function field(key, labelNodes, description, input, constraint) {
    var errorText = h("div", { className: "error-text", id: uid("error"), hidden: true });
    var describedBy = [errorText.id];
    var descriptionNode = description ? h("div", { className: "description", id: uid("desc"), text: description }) : null;
    var constraintNode = constraint ? h("div", { className: "constraint", id: uid("constraint"), text: constraint }) : null;
    if (descriptionNode) describedBy.unshift(descriptionNode.id);
    if (constraintNode) describedBy.push(constraintNode.id);
    input.setAttribute("aria-describedby", describedBy.join(" "));
    fields[key] = { input: input, error: errorText };
    return h("div", { className: "field" }, [h("label", { for: input.id }, labelNodes), descriptionNode, input, constraintNode, errorText]);
  }

  function textInput(value, attrs) {
    var input = h("input", Object.assign({ type: "text", id: uid("input"), spellcheck: "false" }, attrs || {}));
    input.value = value;
    return input;
  }

  function parameterField(p) {
    var value = values[p.name] !== undefined ? values[p.name] : (p.default || "");
    var input;
    if (p.allowedValues) {
      input = h("select", { id: uid("input") }, p.allowedValues.map(function (v) { return h("option", { value: v, text: v }); }));
      input.value = value;
    } else {
      input = textInput(value, { type: p.noEcho ? "password" : "text", autocomplete: "off" });
    }
    var label = p.label ? [p.label, h("span", { className: "param-name", text: p.name })] : [p.name];
    return field("param:" + p.name, label, p.description, input, null);
  }

  var form = h("form", { novalidate: true, "aria-label": "Quick create stack" });
  form.appendChild(container("Template", null, [h("dl", { className: "kv" }, [kv("Template URL", templateURL), kv("Stack description", template.description || "-")])]));
  form.appendChild(container("Stack name", null, [
    field("stackName", ["Stack name"], null, textInput(params.get("stackName") || ""), "Stack name can include letters (A-Z and a-z), numbers (0-9), and dashes (-).")
  ]));

  if (template.parameters.length) {
    var body = [];
    var placed = {};
    var byName = {};
    template.parameters.forEach(function (p) { byName[p.name] = p; });
    template.parameterGroups.forEach(function (group) {
      var members = group.parameters.filter(function (name) { return byName[name] && !placed[name]; });
      if (!members.length) return;
      if (group.label) body.push(h("h3", { text: group.label }));
      members.forEach(function (name) { placed[name] = true; body.push(parameterField(byName[name])); });
    });
    var rest = template.parameters.filter(function (p) { return !placed[p.name]; });
    if (rest.length && body.length) body.push(h("h3", { text: "Other parameters" }));
    rest.forEach(function (p) { body.push(parameterField(p)); });
    form.appendChild(container("Parameters", "Parameters are defined in your template and allow you to input custom values when you create or update a stack.", body));
  }

  form.appendChild(container("Simulated account", "The sandbox creates this stack in a simulated customer AWS account instead of a real one.", [
    field("accountId", ["Customer AWS account ID"], "The 12-digit ID of the simulated account that will own the stack and its role.",
      textInput(randomAccountId(), { inputmode: "numeric", autocomplete: "off", maxlength: "12" }), null)
  ]));

  var ack = null;
  if (template.capabilities.length) {
    var named = template.capabilities.indexOf("CAPABILITY_NAMED_IAM") >= 0;
    // Only IAM resources need the acknowledgement; custom resources are not named in it.
    var types = template.resources.map(function (r) { return r.type; }).filter(function (t, i, all) { return t.indexOf("AWS::IAM::") === 0 && all.indexOf(t) === i; });
    ack = h("input", { type: "checkbox", id: uid("ack") });
    var ackError = h("div", { className: "error-text", id: uid("error"), hidden: true });
    ack.setAttribute("aria-describedby", ackError.id);
    fields.capabilities = { input: ack, error: ackError };
    form.appendChild(container("Capabilities", null, [
      h("div", { className: "alert" }, [
        h("strong", { text: "The following resource(s) require capabilities: [" + types.join(", ") + "]" }),
        h("p", { text: "This template contains Identity and Access Management (IAM) resources that might provide entities access to make changes to your AWS account. Check that you want to create each of these resources and that they have the minimum required permissions." })
      ]),
      h("div", { className: "checkbox" }, [ack, h("label", { for: ack.id, text: named
        ? "I acknowledge that AWS CloudFormation might create IAM resources with custom names."
        : "I acknowledge that AWS CloudFormation might create IAM resources." })]),
      ackError
    ]));
  }

  var submit = h("button", { type: "submit", className: "btn btn--primary", text: "Create stack" });
  form.appendChild(h("div", { className: "actions" }, [h("a", { className: "btn btn--link", href: "/cloudformation/home#/stacks", text: "Cancel" }), submit]));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    createStack();
  });
  app.appendChild(form);

  function setError(key, message) {
    var f = fields[key];
    if (!f) return;
    f.error.hidden = !message;
    f.error.textContent = message || "";
    if (message) f.input.setAttribute("aria-invalid", "true");
    else f.input.removeAttribute("aria-invalid");
  }

  function createStack() {
    clearFlash();
    Object.keys(fields).forEach(function (key) { setError(key, null); });
    var parameters = {};
    template.parameters.forEach(function (p) {
      var value = fields["param:" + p.name].input.value;
      if (value !== "") parameters[p.name] = value;
    });
    submit.disabled = true;
    submit.textContent = "Creating stack\u2026";
    api("POST", "/cloudformation/api/stacks", {
      templateURL: templateURL,
      stackName: fields.stackName.input.value,
      region: region,
      accountId: fields.accountId.input.value.trim(),
      parameters: parameters,
      capabilities: ack && ack.checked ? template.capabilities : []
    }).then(function (res) {
      submit.disabled = false;
      submit.textContent = "Create stack";
      if (!res.ok) {
        var error = res.data.error || {};
        setError(error.parameter ? "param:" + error.parameter : error.field, error.message);
        showFlash("error", error.code || "Error", error.message).focus();
        return;
      }
      history.pushState(null, "", location.pathname + location.search + "#/stacks/stackinfo?stackId=" + encodeURIComponent(res.data.stack.stackId));
      renderStack(res.data.stack);
    });
  }
}
