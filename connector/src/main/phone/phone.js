// The browser phone: JsSIP over a SIP WebSocket to OpenSIPS, media through rtpengine to the
// connector, the call's transcript pushed by the connector (server-sent events). Everything the
// page shows is also kept in window.oavcPhone, which the browser tests read.
import JsSIP from 'jssip';

const $ = (id) => document.getElementById(id);
const phone = (window.oavcPhone = {
  state: 'loading',
  callId: null,
  codec: null,
  rttMs: null,
  heardEnergy: 0,
  digitsSent: '',
  transcript: [],
  error: null,
});

let ua = null;
let session = null;
let feed = null;
let statsTimer = null;
let config = null;

function show(state, text) {
  phone.state = state;
  $('status').dataset.state = state;
  $('status').textContent = text;
  const inCall = state === 'calling' || state === 'connected';
  $('call').disabled = state !== 'ready';
  $('hangup').disabled = !inCall;
  $('mute').disabled = state !== 'connected';
  document.querySelectorAll('#keypad button').forEach((b) => (b.disabled = state !== 'connected'));
}

function fail(text) {
  phone.error = text;
  show('failed', text);
}

async function loadConfig() {
  const reply = await fetch('config', { cache: 'no-store' });
  if (!reply.ok) {
    throw new Error('config: HTTP ' + reply.status);
  }
  return reply.json();
}

function startUserAgent() {
  const socket = new JsSIP.WebSocketInterface(config.sipWsUrl);
  // A random user per page: the page never registers, it only places calls.
  const user = 'web-' + Math.random().toString(36).slice(2, 10);
  ua = new JsSIP.UA({
    sockets: [socket],
    uri: 'sip:' + user + '@' + config.domain,
    display_name: 'Browser phone',
    register: false,
    session_timers: false,
  });
  ua.on('connected', () => show('ready', 'Ready: ' + config.target));
  ua.on('disconnected', () => {
    if (phone.state !== 'connected' && phone.state !== 'calling') {
      show('offline', 'SIP WebSocket closed: ' + config.sipWsUrl);
    }
  });
  ua.on('newRTCSession', (e) => {
    if (e.originator === 'local') {
      phone.callId = e.request.call_id;
    }
  });
  ua.start();
}

function call() {
  phone.transcript = [];
  phone.digitsSent = '';
  phone.heardEnergy = 0;
  $('transcript').replaceChildren();
  show('calling', 'Calling ' + config.target + '…');
  session = ua.call(config.target, {
    mediaConstraints: { audio: true, video: false },
    pcConfig: { iceServers: config.iceServers || [] },
    rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
    eventHandlers: {
      peerconnection: (e) => listen(e.peerconnection),
      confirmed: () => {
        show('connected', 'Connected');
        followTranscript();
        statsTimer = setInterval(readStats, 1000);
      },
      // JsSIP's cause for any BYE is "Terminated": say who hung up instead.
      ended: (e) => finished(e.originator === 'remote' ? 'The agent hung up' : 'Call ended'),
      failed: (e) => finished('Call failed (' + e.cause + ')', true),
    },
  });
  // Outgoing sessions get their connection before 'peerconnection' can be observed on some paths.
  if (session.connection) {
    listen(session.connection);
  }
}

function listen(pc) {
  if (pc.oavcListening) {
    return;
  }
  pc.oavcListening = true;
  pc.addEventListener('track', (e) => {
    $('remote').srcObject = e.streams[0] || new MediaStream([e.track]);
  });
}

function finished(text, failed) {
  clearInterval(statsTimer);
  statsTimer = null;
  session = null;
  setTimeout(() => feed && feed.close(), 2000); // the last turns may still be on their way
  if (failed) {
    phone.error = text;
  }
  show(ua && ua.isConnected() ? 'ready' : 'offline', text);
  phone.state = 'ended';
}

function followTranscript() {
  if (feed) {
    feed.close();
  }
  feed = new EventSource('transcript?call_id=' + encodeURIComponent(phone.callId));
  feed.addEventListener('turn', (e) => addTurn(JSON.parse(e.data)));
  feed.addEventListener('end', () => feed.close());
}

function addTurn(turn) {
  phone.transcript.push(turn);
  const li = document.createElement('li');
  li.className = turn.speaker + (turn.interrupted ? ' interrupted' : '');
  li.textContent = turn.text;
  $('transcript').append(li);
}

async function readStats() {
  if (!session || !session.connection) {
    return;
  }
  const report = await session.connection.getStats();
  const codecs = new Map();
  report.forEach((s) => s.type === 'codec' && codecs.set(s.id, s));
  report.forEach((s) => {
    if (s.type === 'candidate-pair' && s.nominated && s.currentRoundTripTime !== undefined) {
      phone.rttMs = Math.round(s.currentRoundTripTime * 1000);
    }
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      const c = codecs.get(s.codecId);
      if (c) {
        phone.codec = c.mimeType.replace('audio/', '') + '/' + c.clockRate;
      }
      phone.heardEnergy = s.totalAudioEnergy || 0;
    }
  });
  $('codec').textContent = phone.codec || '–';
  $('rtt').textContent = phone.rttMs === null ? '–' : phone.rttMs + ' ms';
  $('level').textContent = phone.heardEnergy.toFixed(4);
}

function toggleMute() {
  if (!session) {
    return;
  }
  const muted = session.isMuted().audio;
  if (muted) {
    session.unmute({ audio: true });
  } else {
    session.mute({ audio: true });
  }
  $('mute').setAttribute('aria-pressed', String(!muted));
  $('mute').textContent = muted ? 'Mute' : 'Unmute';
}

function press(digit) {
  if (!session) {
    return;
  }
  // In the media (RFC 4733), as the connector reads digits; SIP INFO would not reach it.
  session.sendDTMF(digit, { transportType: 'RFC2833', duration: 160 });
  phone.digitsSent += digit;
}

$('call').addEventListener('click', call);
$('hangup').addEventListener('click', () => session && session.terminate());
$('mute').addEventListener('click', toggleMute);
document.querySelectorAll('#keypad button').forEach((b) =>
  b.addEventListener('click', () => press(b.dataset.digit)),
);

show('loading', 'Loading…');
loadConfig()
  .then((c) => {
    config = c;
    show('offline', 'Connecting to ' + c.sipWsUrl + '…');
    startUserAgent();
  })
  .catch((e) => fail('Could not start: ' + e.message));
