// Drives the stock npm `onvif` client (agsh, 0.8.3) against the Warden camera simulator and prints what it read
// as one JSON line. Usage: node onvif-peer.js HOST PORT USER PASSWORD USE_WS_SECURITY(true|false) RECORDING_TOKEN
'use strict';
const { Cam } = require('onvif');

const [host, port, username, password, wsSecurity, recordingToken] = process.argv.slice(2);
const watchdog = setTimeout(() => {
  console.error('onvif-peer: no answer within 40 s');
  process.exit(3);
}, 40000);

function call(cam, method, ...args) {
  return new Promise((resolve, reject) => {
    cam[method](...args, (err, result) => (err ? reject(new Error(method + ': ' + err.message)) : resolve(result)));
  });
}

async function main() {
  const cam = new Cam({
    hostname: host, port: Number(port), username, password,
    useWSSecurity: wsSecurity === 'true', timeout: 15000, autoconnect: false,
  });
  await new Promise((resolve, reject) => cam.connect((err) => (err ? reject(new Error('connect: ' + err.message)) : resolve())));
  const info = await call(cam, 'getDeviceInformation');
  const stream = await call(cam, 'getStreamUri', { protocol: 'RTSP' });
  const snapshot = await call(cam, 'getSnapshotUri', {});
  let recordings = await call(cam, 'getRecordings');
  recordings = Array.isArray(recordings) ? recordings : [recordings];
  const replay = await call(cam, 'getReplayUri', { recordingToken });
  const out = {
    media2Support: cam.media2Support,
    deviceInformation: info,
    profiles: cam.profiles.map((p) => ({
      token: p.$.token,
      name: p.name,
      sourceToken: p.videoSourceConfiguration.sourceToken,
      encoding: p.videoEncoderConfiguration.encoding,
    })),
    activeSource: cam.activeSource,
    streamUri: stream.uri,
    snapshotUri: snapshot.uri,
    recordings: recordings.map((r) => r.recordingToken),
    replayUri: replay,
  };
  console.log(JSON.stringify(out));
}

main().then(() => {
  clearTimeout(watchdog);
  process.exit(0);
}, (err) => {
  console.error('onvif-peer: ' + err.message);
  process.exit(2);
});
