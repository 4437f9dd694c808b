#!/usr/bin/env node
// Kernel floor for one delivery on this machine: the CPU that a bare TCP
// send() of one WebSocket-sized frame costs the *sending* process over
// loopback, with the receivers in other processes exactly as in run.mjs.
//
//   node bench/load/floor.mjs --connections 10000 --rounds 100
//
// No WebSocket, no Engine.IO, no Socket.IO: N plain TCP connections (TCP_NODELAY,
// as the servers use), then
//   one-at-a-time: one write of F bytes to every socket, wait until every
//                  receiver has it, repeat R times;
//   burst:         one write of K×F bytes to every socket (a perfectly corked
//                  burst of K frames), repeat R/… times.
// Reported: the sender's stime (kernel) per frame. On loopback the kernel
// runs most of the receiver's TCP input path in the sender's context, so
// this is the part of a server's per-delivery CPU that no user-space code can
// remove here; compare it with the "of which kernel" rows of run.mjs. The
// sender's utime is Node's own write overhead and is NOT a floor for C++.

import { fork } from "node:child_process";
import net from "node:net";
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === "--client") {
  // Receiver process: open `count` connections, count bytes per socket.
  let counts = new Float64Array(0);
  let target = 0;
  let reached = 0;
  let waiting = false;
  const sockets = [];
  process.on("message", async (m) => {
    if (m.type === "connect") {
      counts = new Float64Array(m.count);
      let next = 0;
      const lane = async () => {
        while (next < m.count) {
          const i = next++;
          await new Promise((resolve, reject) => {
            const s = net.connect({ host: "127.0.0.1", port: m.port, localAddress: m.localAddress }, resolve);
            s.on("error", reject);
            s.on("data", (d) => {
              const before = counts[i];
              counts[i] += d.length;
              if (before < target && counts[i] >= target) {
                reached++;
                if (waiting && reached === sockets.length) {
                  waiting = false;
                  process.send({ type: "reached", target });
                }
              }
            });
            sockets[i] = s;
          });
        }
      };
      await Promise.all(Array.from({ length: 100 }, lane));
      process.send({ type: "connected" });
    } else if (m.type === "target") {
      target = m.value;
      reached = 0;
      for (const c of counts) if (c >= target) reached++;
      if (reached === sockets.length) process.send({ type: "reached", target });
      else waiting = true;
    } else if (m.type === "exit") {
      for (const s of sockets) s.destroy();
      process.exit(0);
    }
  });
  process.on("disconnect", () => process.exit(0));
} else {
  const opts = { connections: 10000, workers: 4, rounds: 100, frameBytes: 130, burstSize: 100, repeats: 3 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const key = { "--connections": "connections", "--workers": "workers", "--rounds": "rounds",
      "--frame-bytes": "frameBytes", "--burst-size": "burstSize", "--repeats": "repeats" }[argv[i]];
    if (!key || !Number.isInteger(Number(argv[i + 1]))) {
      process.stderr.write(`usage: floor.mjs [--connections N] [--workers W] [--rounds R] [--frame-bytes F] [--burst-size K] [--repeats X]\n`);
      process.exit(2);
    }
    opts[key] = Number(argv[i + 1]);
  }
  let clkTck = 100;
  try {
    clkTck = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {}
  const cpu = () => {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { user: (Number(f[11]) * 1e6) / clkTck, sys: (Number(f[12]) * 1e6) / clkTck };
  };
  const killTimer = setTimeout(() => {
    process.stderr.write("floor.mjs: 600 s limit reached\n");
    process.exit(3);
  }, 600_000);
  killTimer.unref();

  const accepted = [];
  const server = net.createServer({ noDelay: true }, (s) => {
    s.setNoDelay(true);
    s.on("error", () => {});
    accepted.push(s);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const port = server.address().port;
  const workers = [];
  const inbox = [];
  let wake = null;
  for (let i = 0; i < opts.workers; i++) {
    const w = fork(self, ["--client"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    w.on("message", (m) => {
      inbox.push(m);
      wake?.();
    });
    workers.push(w);
  }
  process.on("exit", () => workers.forEach((w) => w.kill("SIGKILL")));
  const waitFor = async (pred, n, ms) => {
    const deadline = Date.now() + ms;
    let got = 0;
    while (got < n) {
      const i = inbox.findIndex(pred);
      if (i !== -1) {
        inbox.splice(i, 1);
        got++;
        continue;
      }
      if (Date.now() > deadline) throw new Error("floor.mjs: timeout");
      await new Promise((r) => {
        const t = setTimeout(r, 50);
        wake = () => {
          clearTimeout(t);
          r();
        };
      });
    }
  };
  const share = Math.ceil(opts.connections / opts.workers);
  workers.forEach((w, i) =>
    w.send({ type: "connect", port, count: Math.min(share, opts.connections - i * share), localAddress: `127.0.0.${i + 1}` }),
  );
  await waitFor((m) => m.type === "connected", opts.workers, 120_000);
  while (accepted.length < opts.connections) await new Promise((r) => setTimeout(r, 10));

  const frame = Buffer.alloc(opts.frameBytes, 0x78);
  const burst = Buffer.alloc(opts.frameBytes * opts.burstSize, 0x78);
  let total = 0;
  const round = async (buf) => {
    total += buf.length;
    workers.forEach((w) => w.send({ type: "target", value: total }));
    for (const s of accepted) s.write(buf);
    await waitFor((m) => m.type === "reached" && m.target === total, opts.workers, 60_000);
  };
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const single = [];
  const burstRes = [];
  const burstRounds = Math.max(5, Math.ceil(opts.rounds / 10));
  await round(frame); // warm-up
  for (let r = 0; r < opts.repeats; r++) {
    let c0 = cpu();
    for (let k = 0; k < opts.rounds; k++) await round(frame);
    let c1 = cpu();
    single.push({ sys: (c1.sys - c0.sys) / (opts.rounds * opts.connections), user: (c1.user - c0.user) / (opts.rounds * opts.connections) });
    c0 = cpu();
    for (let k = 0; k < burstRounds; k++) await round(burst);
    c1 = cpu();
    const frames = burstRounds * opts.burstSize * opts.connections;
    burstRes.push({ sys: (c1.sys - c0.sys) / frames, user: (c1.user - c0.user) / frames });
  }
  const out = {
    bench: "loopback-send-floor",
    options: opts,
    singleSysUsPerFrame: median(single.map((x) => x.sys)),
    singleNodeUserUsPerFrame: median(single.map((x) => x.user)),
    burstSysUsPerFrame: median(burstRes.map((x) => x.sys)),
    burstNodeUserUsPerFrame: median(burstRes.map((x) => x.user)),
    single,
    burst: burstRes,
  };
  console.log(
    `loopback TCP send floor, N=${opts.connections}, frame ${opts.frameBytes} B (median of ${opts.repeats}):\n` +
      `  one frame per send():           ${out.singleSysUsPerFrame.toFixed(3)} µs kernel per frame ` +
      `(+ ${out.singleNodeUserUsPerFrame.toFixed(3)} µs Node user)\n` +
      `  ${opts.burstSize} frames in one send():      ${out.burstSysUsPerFrame.toFixed(3)} µs kernel per frame ` +
      `(+ ${out.burstNodeUserUsPerFrame.toFixed(3)} µs Node user)`,
  );
  console.log(JSON.stringify(out));
  workers.forEach((w) => w.send({ type: "exit" }));
  for (const s of accepted) s.destroy();
  server.close();
  setTimeout(() => process.exit(0), 500);
}
