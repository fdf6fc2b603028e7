/* Adcockpit browser pixel: a ttq-compatible replacement for TikTok's events.js, served as-is at
 * GET /pixel/events.js. It takes over the `ttq` stub the install snippet made, replays what the page queued
 * before it loaded, and sends events in batches to POST /pixel/collect on the server it was loaded from.
 * Written in ES5 without dependencies because it runs on other people's pages: every entry point is
 * wrapped so that nothing it does can throw into the host page (faults are counted, see ttq._adcockpit). */
(function (window, document) {
  'use strict';

  var VERSION = '1';
  var BATCH_DELAY_MS = 1000;
  var MAX_EVENTS_PER_BEACON = 20;
  // sendBeacon and fetch keepalive both refuse bodies above 64 KB in flight; stay under it.
  var MAX_BEACON_BYTES = 60000;
  var TTP_COOKIE = '_ttp';
  var TTCLID_COOKIE = 'ttclid';
  // TikTok keeps its first-party cookies 13 months from last use.
  var TTP_MAX_AGE_S = 34164000;
  // A click id is worth keeping as long as the longest click-through window TikTok offers (28 days); the
  // server applies each ad group's own window.
  var TTCLID_MAX_AGE_S = 28 * 86400;
  var NOOP_METHODS = ['debug', 'on', 'off', 'once', 'alias', 'group'];

  var state = { errors: 0, sent: 0, dropped: 0, lastError: null, version: VERSION };

  function countError(error) {
    state.errors++;
    state.lastError = String((error && error.message) || error);
    if (debugOn) {
      try {
        window.console.warn('[adcockpit pixel]', error);
      } catch {
        /* no console */
      }
    }
  }

  /** Wraps a function so it never throws into its caller. */
  function safe(fn) {
    return function () {
      try {
        return fn.apply(this, arguments);
      } catch (error) {
        countError(error);
        return undefined;
      }
    };
  }

  var debugOn = false;
  // While this script runs for the first time it knows its own address; later calls do not.
  var ownSrc = document.currentScript && document.currentScript.src ? document.currentScript.src : '';
  var libName = window.TiktokAnalyticsObject || 'ttq';
  var ttq = window[libName];
  if (!ttq || typeof ttq !== 'object') ttq = window[libName] = [];
  if (ttq._adcockpit) return; // a second copy of this script (two pixels loaded before it arrived)

  // ---- normalisation and hashing (TikTok's rules: trim + lower-case e-mail, phone in E.164) ----

  var SHA256_HEX = /^[0-9a-f]{64}$/i;

  function normaliseEmail(value) {
    return String(value).trim().toLowerCase();
  }

  /** '+31 (0)6 1234-5678' → '+31612345678'; '0031…' → '+31…'. Without a country code, digits are kept as
   *  they are and given a '+' (the page must send the country code; we cannot guess it). */
  function normalisePhone(value) {
    var text = String(value).trim();
    var digits = text.replace(/\(0\)/g, '').replace(/[^0-9]/g, '');
    if (text.charAt(0) !== '+' && digits.indexOf('00') === 0) digits = digits.slice(2);
    return digits === '' ? '' : '+' + digits;
  }

  function normaliseExternalId(value) {
    return String(value).trim();
  }

  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ];

  function utf8Bytes(text) {
    if (typeof window.TextEncoder === 'function') {
      return Array.prototype.slice.call(new window.TextEncoder().encode(text));
    }
    var binary = unescape(encodeURIComponent(text));
    var bytes = [];
    for (var i = 0; i < binary.length; i++) bytes.push(binary.charCodeAt(i));
    return bytes;
  }

  function hex(words) {
    var out = '';
    for (var i = 0; i < words.length; i++) out += ('0000000' + (words[i] >>> 0).toString(16)).slice(-8);
    return out;
  }

  /** SHA-256 in plain JavaScript, for pages served over http where crypto.subtle does not exist. */
  function sha256Sync(text) {
    var bytes = utf8Bytes(text);
    var bitsHigh = Math.floor(bytes.length / 0x20000000);
    var bitsLow = (bytes.length * 8) >>> 0;
    bytes.push(0x80);
    while (bytes.length % 64 !== 56) bytes.push(0);
    bytes.push(
      (bitsHigh >>> 24) & 255,
      (bitsHigh >>> 16) & 255,
      (bitsHigh >>> 8) & 255,
      bitsHigh & 255,
      (bitsLow >>> 24) & 255,
      (bitsLow >>> 16) & 255,
      (bitsLow >>> 8) & 255,
      bitsLow & 255,
    );
    var H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var w = new Array(64);
    function ror(x, n) {
      return (x >>> n) | (x << (32 - n));
    }
    for (var block = 0; block < bytes.length; block += 64) {
      for (var j = 0; j < 16; j++) {
        var at = block + j * 4;
        w[j] = (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
      }
      for (j = 16; j < 64; j++) {
        var s0 = ror(w[j - 15], 7) ^ ror(w[j - 15], 18) ^ (w[j - 15] >>> 3);
        var s1 = ror(w[j - 2], 17) ^ ror(w[j - 2], 19) ^ (w[j - 2] >>> 10);
        w[j] = (w[j - 16] + s0 + w[j - 7] + s1) | 0;
      }
      var a = H[0],
        b = H[1],
        c = H[2],
        d = H[3],
        e = H[4],
        f = H[5],
        g = H[6],
        h = H[7];
      for (j = 0; j < 64; j++) {
        var t1 = (h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[j] + w[j]) | 0;
        var t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      H[0] = (H[0] + a) | 0;
      H[1] = (H[1] + b) | 0;
      H[2] = (H[2] + c) | 0;
      H[3] = (H[3] + d) | 0;
      H[4] = (H[4] + e) | 0;
      H[5] = (H[5] + f) | 0;
      H[6] = (H[6] + g) | 0;
      H[7] = (H[7] + h) | 0;
    }
    return hex(H);
  }

  /** SHA-256 as lower-case hex: crypto.subtle where the page is a secure context, else the plain version. */
  function sha256(text) {
    var subtle = window.crypto && window.crypto.subtle;
    if (!subtle || typeof window.TextEncoder !== 'function') return Promise.resolve(sha256Sync(text));
    var digest;
    try {
      digest = subtle.digest('SHA-256', new window.TextEncoder().encode(text));
    } catch {
      return Promise.resolve(sha256Sync(text));
    }
    return digest.then(
      function (buffer) {
        var view = new Uint8Array(buffer);
        var out = '';
        for (var i = 0; i < view.length; i++) out += ('0' + view[i].toString(16)).slice(-2);
        return out;
      },
      function () {
        return sha256Sync(text);
      },
    );
  }

  /** A value the page gave to identify(): already a SHA-256 hex (kept, lower-cased) or normalised then hashed. */
  function hashOne(value, normalise) {
    if (value === undefined || value === null) return Promise.resolve(null);
    var text = String(value);
    if (SHA256_HEX.test(text.trim())) return Promise.resolve(text.trim().toLowerCase());
    var normalised = normalise(text);
    return normalised === '' ? Promise.resolve(null) : sha256(normalised);
  }

  // ---- cookies ----

  var cookiesOn = true;

  function readCookie(name) {
    var parts = (document.cookie || '').split(';');
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i].replace(/^\s+/, '');
      if (part.indexOf(name + '=') === 0) {
        try {
          return decodeURIComponent(part.slice(name.length + 1));
        } catch {
          return part.slice(name.length + 1);
        }
      }
    }
    return null;
  }

  /** Sets a first-party cookie on the widest domain the browser allows (shop.example.com → example.com),
   *  so the id is the same on every subdomain of the shop, as TikTok's is. */
  function writeCookie(name, value, maxAgeSeconds) {
    if (!cookiesOn) return;
    var tail = '; path=/; max-age=' + maxAgeSeconds + '; SameSite=Lax';
    if (window.location.protocol === 'https:') tail += '; Secure';
    var host = window.location.hostname || '';
    var labels = host.split('.');
    var isIp = /^[0-9.]+$/.test(host) || host.indexOf(':') >= 0;
    if (!isIp && labels.length > 1) {
      for (var i = labels.length - 2; i >= 0; i--) {
        var domain = labels.slice(i).join('.');
        document.cookie = name + '=' + encodeURIComponent(value) + tail + '; domain=' + domain;
        if (readCookie(name) === value) return;
      }
    }
    document.cookie = name + '=' + encodeURIComponent(value) + tail;
  }

  function randomId(length) {
    var alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    var out = '';
    var random = null;
    if (window.crypto && typeof window.crypto.getRandomValues === 'function') {
      random = window.crypto.getRandomValues(new Uint8Array(length));
    }
    for (var i = 0; i < length; i++) {
      var n = random ? random[i] : Math.floor(Math.random() * 256);
      out += alphabet.charAt(n % alphabet.length);
    }
    return out;
  }

  /** The browser's first-party id: kept across pages and visits; its lifetime renews on every page. */
  function browserId() {
    if (!cookiesOn) return null;
    var id = readCookie(TTP_COOKIE) || randomId(27);
    writeCookie(TTP_COOKIE, id, TTP_MAX_AGE_S);
    return readCookie(TTP_COOKIE) === id ? id : null;
  }

  /** The landing URL's ttclid, kept in a cookie so later pages of the visit (and later visits) carry it. */
  function clickId() {
    var fromUrl = null;
    try {
      var match = /[?&]ttclid=([^&#]*)/.exec(window.location.search || '');
      if (match) fromUrl = decodeURIComponent(match[1].replace(/\+/g, ' '));
    } catch {
      fromUrl = null;
    }
    if (fromUrl) {
      writeCookie(TTCLID_COOKIE, fromUrl, TTCLID_MAX_AGE_S);
      return fromUrl;
    }
    // Other tools keep it as _ttclid; read that too.
    return cookiesOn ? readCookie(TTCLID_COOKIE) || readCookie('_' + TTCLID_COOKIE) : null;
  }

  // ---- sending ----

  var consent = 'granted'; // 'held' keeps events until grantConsent(); 'revoked' drops them.
  var instances = {}; // pixel code → instance
  var codes = []; // in load order
  var identity = {}; // hashed user fields for the rest of the page: email, phone, external_id
  var work = Promise.resolve(); // identify() hashes asynchronously; events wait for it, in call order

  function collectUrl(scriptUrl) {
    var base = String(scriptUrl || ownSrc)
      .split('?')[0]
      .split('#')[0];
    return base.replace(/\/[^/]*$/, '') + '/collect';
  }

  function cleanProperties(properties) {
    if (properties === undefined || properties === null) return null;
    if (typeof properties !== 'object' || Object.prototype.toString.call(properties) === '[object Array]') {
      throw new Error('track(): properties must be an object; the event was not sent.');
    }
    // A JSON round trip drops functions, DOM nodes and cycles (which throw, and are counted).
    return JSON.parse(JSON.stringify(properties));
  }

  function Instance(code, scriptUrl) {
    this.code = code;
    this.url = collectUrl(scriptUrl);
    this.queue = [];
    this.timer = null;
  }

  Instance.prototype.add = function (event) {
    if (consent === 'revoked') {
      state.dropped++;
      return;
    }
    this.queue.push(event);
    if (consent === 'held') return;
    if (this.queue.length >= MAX_EVENTS_PER_BEACON) this.flush();
    else if (this.timer === null) this.timer = window.setTimeout(safe(this.flush.bind(this)), BATCH_DELAY_MS);
  };

  Instance.prototype.flush = function () {
    if (this.timer !== null) {
      window.clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.queue.length > 0 && consent === 'granted') {
      var take = Math.min(this.queue.length, MAX_EVENTS_PER_BEACON);
      var body = this.body(this.queue.slice(0, take));
      // Too large for one beacon: halve until it fits; one oversized event is dropped, not sent.
      while (byteLength(body) > MAX_BEACON_BYTES && take > 1) {
        take = Math.ceil(take / 2);
        body = this.body(this.queue.slice(0, take));
      }
      this.queue.splice(0, take);
      if (byteLength(body) > MAX_BEACON_BYTES) {
        state.dropped++;
        countError(new Error('An event larger than 60 KB was dropped.'));
        continue;
      }
      send(this.url, body);
      state.sent += take;
    }
  };

  Instance.prototype.body = function (events) {
    return JSON.stringify({
      event_source: 'web',
      event_source_id: this.code,
      partner_name: 'Adcockpit Pixel',
      pixel_version: VERSION,
      // The server corrects event times by how far this clock is off its own.
      sent_at: Math.floor(new Date().getTime() / 1000),
      data: events,
    });
  };

  /** text/plain needs no CORS preflight, and sendBeacon survives the page being closed. */
  function send(url, body) {
    var sent = false;
    try {
      if (window.navigator && typeof window.navigator.sendBeacon === 'function') {
        sent = window.navigator.sendBeacon(url, new Blob([body], { type: 'text/plain;charset=UTF-8' }));
      }
    } catch (error) {
      countError(error);
    }
    if (sent || typeof window.fetch !== 'function') return;
    try {
      window
        .fetch(url, {
          method: 'POST',
          body: body,
          mode: 'no-cors',
          credentials: 'omit',
          keepalive: true,
          headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        })
        .then(null, countError);
    } catch (error) {
      countError(error);
    }
  }

  /** The limits are in bytes of UTF-8, not characters. */
  function byteLength(text) {
    if (typeof window.TextEncoder === 'function') return new window.TextEncoder().encode(text).length;
    return unescape(encodeURIComponent(text)).length;
  }

  function flushAll() {
    for (var i = 0; i < codes.length; i++) instances[codes[i]].flush();
  }

  /** Builds an event now (time, page, ids), then queues it once earlier identify() calls are hashed. */
  function record(targets, name, properties, options) {
    if (typeof name !== 'string' || name === '') {
      throw new Error('track(): the event name must be a non-empty string.');
    }
    var event = {
      event: name,
      event_time: Math.floor(new Date().getTime() / 1000),
      event_id:
        options && options.event_id !== undefined && options.event_id !== null
          ? String(options.event_id)
          : undefined,
      page: { url: String(window.location.href), referrer: document.referrer || undefined },
      properties: cleanProperties(properties),
    };
    if (event.properties === null) delete event.properties;
    var ttp = browserId();
    var ttclid = clickId();
    var locale = window.navigator && window.navigator.language;
    work = work.then(
      safe(function () {
        var user = { ttp: ttp || undefined, ttclid: ttclid || undefined, locale: locale || undefined };
        for (var key in identity)
          if (Object.prototype.hasOwnProperty.call(identity, key)) user[key] = identity[key];
        event.user = user;
        for (var i = 0; i < targets.length; i++) targets[i].add(event);
      }),
    );
  }

  var IDENTIFY_FIELDS = [
    ['email', 'email', normaliseEmail],
    ['sha256_email', 'email', normaliseEmail],
    ['phone_number', 'phone', normalisePhone],
    ['sha256_phone_number', 'phone', normalisePhone],
    ['phone', 'phone', normalisePhone],
    ['external_id', 'external_id', normaliseExternalId],
  ];

  function identify(fields) {
    if (!fields || typeof fields !== 'object') {
      throw new Error('identify(): pass an object such as { email, phone_number, external_id }.');
    }
    var pending = [];
    for (var i = 0; i < IDENTIFY_FIELDS.length; i++) {
      var spec = IDENTIFY_FIELDS[i];
      if (fields[spec[0]] === undefined) continue;
      (function (field, normalise, value) {
        pending.push(
          hashOne(value, normalise).then(function (hash) {
            return [field, hash];
          }),
        );
      })(spec[1], spec[2], fields[spec[0]]);
    }
    work = work.then(function () {
      return Promise.all(pending).then(
        safe(function (hashes) {
          for (var j = 0; j < hashes.length; j++) {
            if (hashes[j][1] === null) delete identity[hashes[j][0]];
            else identity[hashes[j][0]] = hashes[j][1];
          }
        }),
        countError,
      );
    });
  }

  function allInstances() {
    var list = [];
    for (var i = 0; i < codes.length; i++) list.push(instances[codes[i]]);
    return list;
  }

  /** The methods of ttq and of ttq.instance(code): the same calls, for every pixel or for one. */
  function bindMethods(target, targetsOf) {
    target.page = safe(function () {
      record(targetsOf(), 'Pageview', null, null);
    });
    target.track = safe(function (name, properties, options) {
      record(targetsOf(), name, properties, options);
    });
    target.identify = safe(identify);
    for (var i = 0; i < NOOP_METHODS.length; i++) target[NOOP_METHODS[i]] = safe(function () {});
    target.debug = safe(function (on) {
      debugOn = on !== false;
    });
    target.ready = safe(function (callback) {
      if (typeof callback === 'function') window.setTimeout(safe(callback), 0);
    });
  }

  function start(code, scriptUrl) {
    if (typeof code !== 'string' || code === '') throw new Error('load(): pass the pixel code.');
    if (instances[code]) return instances[code];
    instances[code] = new Instance(code, scriptUrl);
    codes.push(code);
    return instances[code];
  }

  function replay(target, queued) {
    for (var i = 0; i < queued.length; i++) {
      var call = queued[i];
      try {
        if (!call || typeof call.length !== 'number') continue;
        var method = target[call[0]];
        if (typeof method === 'function') method.apply(target, Array.prototype.slice.call(call, 1));
      } catch (error) {
        countError(error);
      }
    }
  }

  var boot = safe(function () {
    var stubs = ttq._i || {};
    var scriptUrls = {};
    var stubCodes = [];
    for (var code in stubs) {
      if (!Object.prototype.hasOwnProperty.call(stubs, code)) continue;
      stubCodes.push(code);
      scriptUrls[code] = stubs[code] && stubs[code]._u;
      start(code, scriptUrls[code]);
    }
    var globalQueue = Array.prototype.slice.call(ttq, 0);
    ttq.length = 0;

    bindMethods(ttq, allInstances);
    ttq.load = safe(function (code) {
      var existing = codes.length > 0 ? instances[codes[0]].url.replace(/\/collect$/, '/events.js') : ownSrc;
      start(code, existing);
    });
    ttq.instance = safe(function (code) {
      var one = instances[code];
      var handle = {};
      bindMethods(handle, function () {
        return one ? [one] : [];
      });
      handle.load = ttq.load;
      return handle;
    });
    ttq.instances = safe(function () {
      return codes.slice(0);
    });
    ttq.holdConsent = safe(function () {
      consent = 'held';
    });
    ttq.grantConsent = safe(function () {
      consent = 'granted';
      cookiesOn = true;
      work = work.then(safe(flushAll));
    });
    ttq.revokeConsent = safe(function () {
      consent = 'revoked';
      for (var i = 0; i < codes.length; i++) {
        state.dropped += instances[codes[i]].queue.length;
        instances[codes[i]].queue.length = 0;
      }
    });
    ttq.enableCookie = safe(function () {
      cookiesOn = true;
    });
    ttq.disableCookie = safe(function () {
      cookiesOn = false;
    });
    ttq._adcockpit = state;
    state.flush = safe(flushAll);
    // Settles once the calls made so far are queued (identify's hashing runs asynchronously).
    state.idle = function () {
      return work.then(function () {});
    };

    // Calls made before this script arrived, in the order made: first those for every pixel, then each
    // pixel's own (ttq.instance(code).track(...)).
    replay(ttq, globalQueue);
    for (var i = 0; i < stubCodes.length; i++) {
      var stub = stubs[stubCodes[i]];
      if (stub && typeof stub.length === 'number') replay(ttq.instance(stubCodes[i]), stub);
    }

    // Send what is waiting when the page goes away (hidden tab, navigation, bfcache).
    var leave = safe(function () {
      work.then(safe(flushAll));
      flushAll();
    });
    if (typeof window.addEventListener === 'function') {
      window.addEventListener('pagehide', leave);
      document.addEventListener(
        'visibilitychange',
        safe(function () {
          if (document.visibilityState === 'hidden') leave();
        }),
      );
    }
  });

  // Exposed for the tests of this script; not part of ttq's API.
  state.normalise = { email: normaliseEmail, phone: normalisePhone, external_id: normaliseExternalId };
  state.sha256 = sha256;
  state.sha256Sync = sha256Sync;
  boot();
})(window, document);
