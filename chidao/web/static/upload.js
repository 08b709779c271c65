// Upload page: send the chosen files one at a time and show each one's result as it comes.
// Without JavaScript the form posts every file at once and the server answers with a page.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var input = form.querySelector("input[type=file]");
  var token = form.querySelector("input[name=csrf]").value;
  var box = document.getElementById("upload-results");
  var rows = document.getElementById("upload-rows");
  var labels = { added: ["đã lưu", "st-done"], unchanged: ["đã có", "st-nodue"], failed: ["bị từ chối", "st-overdue"] };

  function cell(row, content) {
    var td = document.createElement("td");
    if (content) { td.appendChild(content); }
    row.appendChild(td);
    return td;
  }
  function text(value) { return document.createTextNode(value); }
  function badge(status) {
    var span = document.createElement("span");
    var l = labels[status] || ["đang xử lý…", "st-nodue"];
    span.className = "badge " + l[1];
    span.textContent = l[0];
    return span;
  }
  function show(row, result) {
    row.className = "result-" + result.status;
    row.textContent = "";
    var name = text(result.name);
    if (result.record_id) {
      var a = document.createElement("a");
      a.href = "/documents/" + encodeURIComponent(result.record_id).replace("%3A", ":");
      a.textContent = result.name;
      name = a;
    }
    cell(row, name);
    cell(row, badge(result.status));
    cell(row, text(result.message));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var files = Array.prototype.slice.call(input.files);
    if (!files.length) { return; }
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    box.hidden = false;
    rows.textContent = "";
    var pending = files.map(function (file) {
      var row = document.createElement("tr");
      row.className = "result-pending";
      cell(row, text(file.name));
      cell(row, badge("pending"));
      cell(row, text("đang chờ"));
      rows.appendChild(row);
      return row;
    });
    var i = 0;
    function next() {
      if (i >= files.length) { button.disabled = false; form.reset(); return; }
      var file = files[i], row = pending[i];
      i += 1;
      row.lastChild.textContent = "đang tải lên và xử lý…";
      var data = new FormData();
      data.append("csrf", token);
      data.append("files", file, file.name);
      fetch("/upload", { method: "POST", body: data, credentials: "same-origin",
                         headers: { "Accept": "application/json", "X-CSRF-Token": token } })
        .then(function (response) {
          return response.json().then(function (body) {
            if (response.ok && body.results && body.results.length) { return body.results[0]; }
            return { name: file.name, status: "failed", message: body.error || ("lỗi " + response.status) };
          }, function () { return { name: file.name, status: "failed", message: "lỗi " + response.status }; });
        }, function () { return { name: file.name, status: "failed", message: "mất kết nối tới máy chủ" }; })
        .then(function (result) { show(row, result); next(); });
    }
    next();
  });
}());
