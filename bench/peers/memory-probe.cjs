// Preloaded (`node --require`) into every server the bench starts, its own
// and the peers alike: on 'memory' over the IPC channel it collects garbage
// (the process runs with --expose-gc) and answers process.memoryUsage(), so
// heap figures compare like with like instead of catching each collector at
// a different moment.
process.on('message', (message) => {
  if (message !== 'memory' || !process.send) return;
  if (typeof global.gc === 'function') global.gc();
  process.send({ memory: process.memoryUsage() });
});
// The channel must not keep a server alive by itself, nor end it when the bench goes.
process.channel?.unref();
