// Requests, other tabs' writes and idle work run one at a time, in order: a write never
// interleaves with another.
let queue = Promise.resolve();

// Runs `task` once everything queued before it is done; a task that fails does not stop the
// ones after it.
export function enqueue(task) {
  queue = queue.then(task).catch(() => {});
  return queue;
}
