import { tagLimit, withStandardTags } from "../../components/events/resource-tags";
import { standardTags } from "../../domain";

const isUnknown = () => false;
const manyTags = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`team-${String(i).padStart(2, "0")}`, "x"]));
const standard = standardTags({ environment: "production", component: "rest-api", deploymentId: "01J", extra: manyTags });

describe("standard tags within each type's tag limit", () => {
  it("keeps an S3 object at 10 tags: the 4 standard ones, its own, then config tags that fit", () => {
    const props = withStandardTags("aws:s3/bucketObjectv2:BucketObjectv2", { tags: { digest: "sha256:x" } }, standard, isUnknown)!;
    const tags = props.tags as Record<string, string>;
    expect(Object.keys(tags)).toHaveLength(10);
    expect(tags).toMatchObject({ environment: "production", component: "rest-api", "managed-by": "semantest-iac", "deployment-id": "01J", digest: "sha256:x" });
    expect(Object.keys(tags).filter((k) => k.startsWith("team-"))).toEqual(["team-00", "team-01", "team-02", "team-03", "team-04"]);
  });

  it("gives other resources every config tag", () => {
    const props = withStandardTags("aws:lambda/function:Function", {}, standard, isUnknown)!;
    expect(Object.keys(props.tags as object)).toHaveLength(16);
    expect(tagLimit("azure-native:web:WebApp")).toBe(50);
  });
});
