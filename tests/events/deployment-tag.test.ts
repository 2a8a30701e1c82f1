import { carriesCode, DEPLOYMENT_TAG_PATH } from "../../components/events/events-transform";
import { withoutPaths } from "../../application/release/footprint";

describe("the deployment-id tag", () => {
  it("follows each release only on the resources that carry the code", () => {
    expect(carriesCode("aws:lambda/function:Function")).toBe(true);
    expect(carriesCode("azure-native:resources:Deployment")).toBe(true);
    expect(carriesCode("aws:dynamodb/table:Table")).toBe(false);
    expect(carriesCode("azure-native:web:WebApp")).toBe(false);
  });

  it("is named by a path the engine's diff (and the offline footprint) understands", () => {
    expect(withoutPaths({ tags: { "deployment-id": "x", environment: "dev" }, name: "n" }, [DEPLOYMENT_TAG_PATH])).toEqual({
      tags: { environment: "dev" },
      name: "n",
    });
    expect(withoutPaths({ a: { b: 1, c: 2 }, d: 3 }, ["a.b", "d", "bad[path"])).toEqual({ a: { c: 2 } });
  });
});
