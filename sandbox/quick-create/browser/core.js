/**
 * Browser-side helpers of the console page: DOM building (textContent only,
 * never innerHTML), the flashbar, breadcrumbs, calls to the sandbox and the
 * hash router. 
 */
"use strict";
var REGION_NAMES = {
  "us-east-1": "N. Virginia", "us-east-2": "Ohio", "us-west-1": "N. California", "us-west-2": "Oregon",
  "ca-central-1": "Canada (Central)", "sa-east-1": "S\u00e3o Paulo", "eu-west-1": "Ireland", "eu-west-2": "London",
  "eu-west-3": "Paris", "eu-central-1": "Frankfurt", "eu-north-1": "Stockholm", "eu-south-1": "Milan",
  "ap-south-1": "Mumbai", "ap-southeast-1": "Singapore", "ap-southeast-2": "Sydney", "ap-northeast-1": "Tokyo",
  "ap-northeast-2": "Seoul", "cn-north-1": "Beijing", "cn-northwest-1": "Ningxia",
  "us-gov-west-1": "AWS GovCloud (US-West)", "us-gov-east-1": "AWS GovCloud (US-East)"
};
var region = new URLSearchParams(location.search).get("region") || "us-east-1";
var app = document.getElementById("app");

function h(tag, props, children) {
  var node = document.createElement(tag);
  Object.keys(props || {}).forEach(function (key) {
    var value = props[key];
    if (value === undefined || value === null || value === false) return;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  });
  (children || []).forEach(function (child) {
    if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  });
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

var ids = 0;
function uid(prefix) {
  ids += 1;
  return prefix + "-" + ids;
}

function announce(text) {
  var live = document.getElementById("live");
  live.textContent = "";
  setTimeout(function () { live.textContent = text; }, 50);
}

function showFlash(kind, title, message) {
  var flash = document.getElementById("flash");
  clear(flash);
  var box = h("div", { className: "flash--" + kind, role: kind === "error" ? "alert" : "status", tabindex: "-1" }, [
    h("div", {}, [h("div", { className: "flash__title", text: title }), message ? h("div", { className: "flash__message", text: message }) : null])
  ]);
  flash.appendChild(box);
  return box;
}

function clearFlash() {
  clear(document.getElementById("flash"));
}

function setBreadcrumbs(items) {
  var list = document.getElementById("breadcrumbs");
  clear(list);
  items.forEach(function (item, i) {
    var last = i === items.length - 1;
    list.appendChild(h("li", {}, [last || !item[1] ? h("span", { text: item[0], "aria-current": last ? "page" : null }) : h("a", { href: item[1], text: item[0] })]));
  });
}

// Stack pages label their containers as regions ("Stack info", "Outputs"); form containers stay
// unlabelled so that a heading such as "Stack name" does not compete with the field of that name.
function container(title, description, body, landmark) {
  var id = uid("heading");
  return h("section", { className: "container", "aria-labelledby": landmark ? id : null, "data-heading": id }, [
    h("div", { className: "container__header" }, [h("h2", { id: id, text: title }), description ? h("p", { text: description }) : null]),
    h("div", { className: "container__body" }, body)
  ]);
}

function kv(label, value) {
  return h("div", {}, [h("dt", { text: label }), h("dd", {}, [typeof value === "string" ? document.createTextNode(value) : value])]);
}

function api(method, path, body) {
  var init = { method: method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined };
  return fetch(path, init).then(function (response) {
    return response.json().then(function (data) {
      return { ok: response.ok, data: data };
    }, function () {
      return { ok: false, data: { error: { code: "InternalFailure", message: "The sandbox answered HTTP " + response.status + "." } } };
    });
  }, function () {
    return { ok: false, data: { error: { code: "NetworkError", message: "The sandbox did not answer. Is it still running?" } } };
  });
}

function hashRoute() {
  var hash = location.hash.replace(/^#/, "");
  var q = hash.indexOf("?");
  return { path: q < 0 ? hash : hash.slice(0, q), params: new URLSearchParams(q < 0 ? "" : hash.slice(q + 1)) };
}

function route() {
  var current = hashRoute();
  stopPolling();
  clearFlash();
  if (current.path === "/stacks/quickcreate" || current.path === "/stacks/create/review") return quickCreate(current.params);
  if (current.path.indexOf("/stacks/") === 0 && current.params.get("stackId")) return loadStack(current.params.get("stackId"));
  return landing();
}

function randomAccountId() {
  var bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.prototype.map.call(bytes, function (b, i) { return String(i === 0 ? 1 + (b % 9) : b % 10); }).join("");
}
