/*
 * asl-embed.js: turns ASL code blocks in a documentation page into live ASL Playground embeds.
 *
 *   <script src="https://…/docs-embed/asl-embed.js" defer></script>
 *   <pre><code class="language-asl">{ "StartAt": …, "States": { … } }</code></pre>
 *
 * Blocks with the class `language-asl` or `language-asl-json` (what Markdown renderers make
 * of ```asl and ```asl-json fences) become iframes of the playground's embed.html, with the
 * definition packed into the link (`#v1=…`, see docs/share-links.md). An iframe is created
 * only when its block scrolls near the viewport (IntersectionObserver), so a long page with
 * many machines loads quickly.
 *
 * A block may hold a definition, or an object {"definition": …, "input": …, "mocks": …,
 * "testCase": …} to ship an input and mocks too. Options, on the <pre> or <code> element (per
 * block) or on the <script> tag (page defaults): data-view="diagram|input|full",
 * data-theme="light|dark", data-autoplay="1", data-height="420", data-input='{"…": 1}'.
 * The script tag's data-playground="https://…/embed.html" says where the playground is
 * (default: ../embed.html next to this script).
 *
 * No dependencies, no build step, no globals but window.AslEmbed.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var SELECTOR = 'code.language-asl, code.language-asl-json, pre.language-asl, pre.language-asl-json';
  var VIEWS = { diagram: 1, input: 1, full: 1 };
  var THEMES = { light: 1, dark: 1 };
  var DEFAULT_HEIGHT = 420;
  /*
   * What the embed may do inside the host's page: run scripts, with its own origin (its Web
   * Worker and the wasm module are loaded from it; without allow-same-origin the frame would
   * have an opaque origin and neither would load), and open "Open in playground" in a new,
   * unsandboxed tab. Not: navigate the host page (no allow-top-navigation), submit forms, open
   * dialogs, lock the pointer or download.
   */
  var SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox';

  function playgroundUrl() {
    var explicit = script && script.getAttribute('data-playground');
    var base = (script && script.src) || window.location.href;
    return new URL(explicit || '../embed.html', base).href;
  }

  function option(block, name) {
    var pre = block.closest('pre') || block;
    var code = block.matches('code') ? block : block.querySelector('code');
    var candidates = [code, pre, script];
    for (var i = 0; i < candidates.length; i++) {
      var element = candidates[i];
      if (element && element.hasAttribute('data-' + name)) return element.getAttribute('data-' + name);
    }
    return null;
  }

  /** The share state for a block's text: a definition, or a {definition, input, …} object. */
  function stateFor(text, inputOption) {
    var parsed = null;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      // Not JSON: embed it as typed; the playground shows the problem in place.
    }
    var asText = function (value) {
      return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    };
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && 'definition' in parsed && !('States' in parsed)) {
      var state = { definition: asText(parsed.definition), input: parsed.input == null ? '{}' : asText(parsed.input) };
      if (parsed.mocks != null) state.mocks = asText(parsed.mocks);
      if (parsed.testCase != null) state.testCase = typeof parsed.testCase === 'string' ? { testCase: parsed.testCase } : parsed.testCase;
      return state;
    }
    return { definition: text.trim() + '\n', input: inputOption || '{}' };
  }

  function toBase64Url(bytes) {
    var binary = '';
    for (var i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  /** `v1=<base64url(deflate-raw(JSON))>`, the playground's share format. */
  function encode(state) {
    var bytes = new TextEncoder().encode(JSON.stringify(state));
    var stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return new Response(stream).arrayBuffer().then(function (buffer) {
      return 'v1=' + toBase64Url(new Uint8Array(buffer));
    });
  }

  function fragmentFor(block) {
    var state = stateFor(block.textContent || '', option(block, 'input'));
    return encode(state).then(function (payload) {
      var params = [payload];
      var view = option(block, 'view');
      var theme = option(block, 'theme');
      if (view && VIEWS[view]) params.push('view=' + view);
      if (theme && THEMES[theme]) params.push('theme=' + theme);
      if (option(block, 'autoplay') === '1') params.push('autoplay=1');
      return params.join('&');
    });
  }

  /** Replaces the block's <pre> with an iframe (the code stays as the iframe's fallback). */
  function embed(block) {
    var pre = block.closest('pre') || block;
    if (pre.getAttribute('data-asl-embed') === 'done') return Promise.resolve(null);
    pre.setAttribute('data-asl-embed', 'done');
    return fragmentFor(block).then(function (fragment) {
      var height = parseInt(option(block, 'height') || '', 10);
      var frame = document.createElement('iframe');
      frame.src = playgroundUrl() + '#' + fragment;
      frame.title = 'ASL Playground: live state machine';
      frame.className = 'asl-embed-frame';
      frame.setAttribute('loading', 'lazy');
      frame.setAttribute('sandbox', SANDBOX);
      frame.setAttribute('referrerpolicy', 'no-referrer');
      frame.setAttribute('allow', 'clipboard-write');
      frame.style.width = '100%';
      frame.style.height = (height > 0 && height < 4000 ? height : DEFAULT_HEIGHT) + 'px';
      frame.style.border = '1px solid #d5dae1';
      frame.style.borderRadius = '6px';
      var wrapper = document.createElement('div');
      wrapper.className = 'asl-embed';
      wrapper.setAttribute('data-asl-embed', 'frame');
      pre.parentNode.insertBefore(wrapper, pre);
      wrapper.appendChild(frame);
      // Keep the source for readers without frames (and for search engines), out of view.
      pre.hidden = true;
      wrapper.appendChild(pre);
      return frame;
    });
  }

  /** Finds blocks under `root` and embeds each when it comes near the viewport. */
  function scan(root) {
    var blocks = Array.prototype.slice.call((root || document).querySelectorAll(SELECTOR));
    // A <pre class="language-asl"><code class="language-asl"> pair is one block.
    blocks = blocks.filter(function (b) {
      return !(b.matches('pre') && b.querySelector('code.language-asl, code.language-asl-json'));
    });
    if (!('IntersectionObserver' in window)) {
      blocks.forEach(embed);
      return blocks.length;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        embed(entry.target.matches(SELECTOR) ? entry.target : entry.target.querySelector(SELECTOR) || entry.target);
      });
    }, { rootMargin: '200px 0px' });
    blocks.forEach(function (block) {
      var pre = block.closest('pre') || block;
      pre.setAttribute('data-asl-embed', 'pending');
      observer.observe(pre);
    });
    return blocks.length;
  }

  window.AslEmbed = { scan: scan, embed: embed, encode: encode, playgroundUrl: playgroundUrl, sandbox: SANDBOX };
  if (script && script.getAttribute('data-auto') === 'false') return;
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { scan(document); });
  } else {
    scan(document);
  }
})();
