/**
 * Runs IN A BENCH PAGE (the baseline's, the floor's). Resolves with the time after the
 * next frame has been produced: rAF runs before paint, the message after it.
 */
export function afterPaint(): Promise<number> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve(performance.now());
      };
      channel.port2.postMessage(null);
    }),
  );
}
