/** Vitest global setup: nothing to prepare yet beyond checking the Node version. */
export default function setup(): void {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if ((major ?? 0) < 20 || (major === 20 && (minor ?? 0) < 19)) {
    throw new Error(`Node.js >= 20.19 is required (this is ${process.versions.node})`);
  }
}
