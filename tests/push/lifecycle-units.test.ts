import fc from "fast-check";
import { StateNotWritableError } from "../../app/websocket/port";
import { decodeConnectionState, encodeConnectionState } from "../../runtime/azure/cloud-events";
import { InvocationState } from "../../runtime/shared/connection-state";

describe("ce-connectionState (property)", () => {
  it("never throws on any header, always yields an object, and round-trips what the host encodes", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String(), fc.constant(null)), (header) => {
        const state = decodeConnectionState(header);
        expect(typeof state === "object" && state !== null && !Array.isArray(state)).toBe(true);
      }),
      { seed: 18, numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (state) => {
        expect(decodeConnectionState(encodeConnectionState(state))).toEqual(JSON.parse(JSON.stringify(state)));
      }),
      { seed: 18, numRuns: 200 },
    );
  });
});

describe("InvocationState", () => {
  it("loads once, merges writes, removes undefined keys, and reports only a changed state", async () => {
    const load = jest.fn(async () => ({ a: 1, b: 2 }));
    const state = new InvocationState(load);
    expect(state.changed()).toBeUndefined();
    await state.set({ b: undefined, c: 3 });
    await state.set({ a: 4 });
    expect(await state.get()).toEqual({ a: 4, c: 3 });
    expect(state.changed()).toEqual({ a: 4, c: 3 });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("refuses writes where the host cannot keep them, naming the event", async () => {
    const state = new InvocationState(async () => ({ a: 1 }), "onConnected");
    await expect(state.set({ a: 2 })).rejects.toThrow(StateNotWritableError);
    await expect(state.set({ a: 2 })).rejects.toThrow("connection state cannot be written in onConnected; write it in onConnect or onMessage");
    expect(await state.get()).toEqual({ a: 1 });
  });
});
