/*
 * Suggestions under the header's search box, as the visitor types.
 *
 * Progressive enhancement: without this script the box is a plain search
 * form. With it, the box becomes an ARIA combobox (the APG "list
 * autocomplete" pattern) whose listbox shows pages from
 * form[data-suggest-url]: Down/Up move through them, Enter opens the
 * highlighted page (or searches when none is highlighted), Escape closes the
 * list and, pressed again, clears the box. No inline script or style, no
 * third-party code: it runs under the site's strict Content-Security-Policy.
 */
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DELAY_MS = 150;

  function enhance(form) {
    var input = form.querySelector("input[type=search]");
    var url = form.getAttribute("data-suggest-url");
    if (!input || !url || !window.fetch) {
      return;
    }
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search-suggest";
    list.setAttribute("role", "listbox");
    // The words come from the form's data-suggest-* attributes, translated
    // by the page's template; English when they are missing.
    var words = {
      label: form.getAttribute("data-suggest-label") || "Suggested pages",
      one:
        form.getAttribute("data-suggest-one") ||
        "One suggestion. Use the arrow keys to choose.",
      many:
        form.getAttribute("data-suggest-many") ||
        "{count} suggestions. Use the arrow keys to choose.",
    };
    list.setAttribute("aria-label", words.label);
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.appendChild(list);
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var timer = null;
    var controller = null;
    var active = -1;
    var lastQuery = "";

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      var items = options();
      for (var i = 0; i < items.length; i++) {
        items[i].setAttribute("aria-selected", "false");
      }
      active = -1;
      status.textContent = "";
    }

    function highlight(index) {
      var items = options();
      if (!items.length) {
        return;
      }
      if (index < 0) {
        index = items.length - 1;
      } else if (index >= items.length) {
        index = 0;
      }
      for (var i = 0; i < items.length; i++) {
        items[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    }

    function go(item) {
      window.location.assign(item.getAttribute("data-url"));
    }

    function show(suggestions) {
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      suggestions.forEach(function (suggestion, index) {
        var target;
        try {
          target = new URL(suggestion.url, window.location.href);
        } catch (error) {
          return;
        }
        if (target.protocol !== "http:" && target.protocol !== "https:") {
          return; // pages only, never a script: URL
        }
        var item = document.createElement("li");
        item.id = listId + "-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.setAttribute("data-url", target.href);
        item.textContent = suggestion.title;
        list.appendChild(item);
      });
      var count = options().length;
      status.textContent = count
        ? count === 1
          ? words.one
          : words.many.replace("{count}", String(count))
        : "";
      if (count) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      if (controller) {
        controller.abort();
      }
      if (query.length < MIN_CHARS) {
        show([]);
        return;
      }
      controller = window.AbortController ? new AbortController() : null;
      var separator = url.indexOf("?") === -1 ? "?" : "&";
      window
        .fetch(url + separator + "q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller ? controller.signal : undefined,
        })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (query === input.value.trim()) {
            show(Array.isArray(data.suggestions) ? data.suggestions : []);
          }
        })
        .catch(function () {
          /* Aborted or offline: the form still works. */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      switch (event.key) {
        case "ArrowDown":
        case "Down":
          if (open) {
            highlight(active + 1);
          } else if (options().length) {
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
            highlight(0);
          }
          event.preventDefault();
          break;
        case "ArrowUp":
        case "Up":
          if (open) {
            highlight(active - 1);
            event.preventDefault();
          }
          break;
        case "Enter":
          if (open && active >= 0) {
            event.preventDefault();
            go(options()[active]);
          }
          break;
        case "Escape":
        case "Esc":
          if (open) {
            close();
            event.preventDefault();
          } else if (input.value) {
            input.value = "";
            lastQuery = "";
            event.preventDefault();
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    list.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep the focus in the box
    });

    list.addEventListener("click", function (event) {
      var item = event.target.closest("[role=option]");
      if (item) {
        go(item);
      }
    });

    input.addEventListener("blur", function () {
      close();
    });
  }

  var forms = document.querySelectorAll("form[data-suggest-url]");
  for (var i = 0; i < forms.length; i++) {
    enhance(forms[i]);
  }
})();
