/**
 * Reverse-mode automatic differentiation, micrograd style.
 *
 * Every op that may need a gradient builds its output `out` and calls recordOp(out, parents, closure).
 * The closure reads `out.grad` and ADDS each parent's share into `parent.grad` (accumulateGrad), so a
 * tensor used twice receives the sum of both contributions. backward() sorts the graph topologically
 * and runs the closures from the output back to the leaves.
 */
import { Tensor } from "./tensor.js";
import { allocate, isFloat } from "./dtype.js";
import { check, describeValue, formatShape } from "./errors.js";
import { shapesEqual } from "./shape.js";

let gradEnabled = true;

/** False inside noGrad(): ops then record no graph (inference, optimizer steps, backward itself). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` without recording the graph, and returns its result. Synchronous: an async function's
 * awaited part would run after gradients are switched back on.
 */
export function noGrad<T>(fn: () => T): T {
  check(typeof fn === "function", () => `noGrad: needs a function to run without recording the graph, e.g. noGrad(() => model.forward(x)), got ${describeValue(fn)}`);
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * Links `out` into the graph when gradients are enabled and some parent requires one.
 * `backward` runs later, during Tensor.backward(), with `out.grad` set.
 */
export function recordOp(out: Tensor, op: string, parents: Tensor[], backward: () => void): Tensor {
  if (gradEnabled && isFloat(out.dtype) && parents.some((p) => p.requiresGrad)) {
    out.requiresGrad = true;
    out._parents = parents;
    out._backward = backward;
    out._op = op;
  }
  return out;
}

/**
 * Adds `g` (same shape as `t`) into `t.grad`, creating it on first use. Does nothing if `t` needs no grad.
 * `owned`: the caller made `g` just for this call and keeps no other reference to it, so on first use
 * it becomes t.grad as is (no copy). Backward passes that build a fresh gradient array pass true.
 */
export function accumulateGrad(t: Tensor, g: Tensor, owned = false): void {
  if (!t.requiresGrad) return;
  check(
    shapesEqual(t.shape, g.shape),
    () => `backward: gradient of shape ${formatShape(g.shape)} does not match tensor of shape ${formatShape(t.shape)}`,
  );
  if (t.grad === null) {
    if (owned && g.dtype === t.dtype) {
      t.grad = g;
      return;
    }
    // Copy: the incoming gradient may be shared with another input (e.g. both sides of an add).
    const data = allocate(t.dtype, g.size);
    data.set(g.data);
    t.grad = new Tensor(data, [...t.shape]);
    return;
  }
  const into = t.grad.data;
  const from = g.data;
  for (let i = 0; i < into.length; i++) into[i] += from[i];
}

/** Tensors reachable from `root` through `_parents`, each after all of its inputs. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  // Iterative depth-first search: deep graphs (long training unrolls) would overflow recursion.
  const stack: [Tensor, boolean][] = [[root, false]];
  while (stack.length > 0) {
    const [node, childrenDone] = stack.pop()!;
    if (childrenDone) {
      order.push(node);
      continue;
    }
    if (visited.has(node)) continue;
    visited.add(node);
    stack.push([node, true]);
    for (const parent of node._parents) if (!visited.has(parent)) stack.push([parent, false]);
  }
  return order;
}

export function runBackward(root: Tensor, grad?: Tensor): void {
  check(
    root.requiresGrad,
    () =>
      `backward: this tensor of shape ${formatShape(root.shape)} does not require grad ` +
      `(no input had requiresGrad: true, or it was computed inside noGrad)`,
  );
  if (grad === undefined) {
    check(
      root.size === 1,
      () =>
        `backward: tensor of shape ${formatShape(root.shape)} is not a scalar; ` +
        `pass the gradient explicitly: backward(grad) with grad of shape ${formatShape(root.shape)}`,
    );
  } else {
    check(grad instanceof Tensor, () => `backward: grad must be a Tensor of shape ${formatShape(root.shape)}, got ${describeValue(grad)}`);
    check(
      shapesEqual(grad.shape, root.shape),
      () => `backward: grad has shape ${formatShape(grad.shape)} but the tensor has shape ${formatShape(root.shape)}`,
    );
    check(isFloat(grad.dtype), () => `backward: grad must be a float tensor, got ${grad.dtype}`);
  }
  const order = topologicalOrder(root);
  // Gradients of intermediate tensors are recomputed from scratch on every backward(); only leaves
  // (the parameters) accumulate across calls. Otherwise a second backward through a shared
  // intermediate would pass the first call's gradient down a second time.
  for (const node of order) if (node._backward !== null) node.grad = null;
  noGrad(() => {
    accumulateGrad(root, grad ?? new Tensor(allocate(root.dtype, root.size).fill(1), [...root.shape]));
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i];
      if (node._backward === null) continue; // a leaf: its .grad is the result
      if (node.grad !== null) node._backward();
      // As PyTorch: an intermediate tensor's gradient is freed once passed on, unless retainGrad() asked to keep it.
      if (!node._retainGrad) node.grad = null;
    }
  });
}
