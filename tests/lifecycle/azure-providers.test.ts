/**
 * doctor checks the resource providers the Azure components need: the application layer keeps its
 * own list (it imports no component), and this test keeps it equal to the components' list.
 */
import { AZURE_PROVIDERS } from "../../application/doctor";
import { AZURE_RESOURCE_PROVIDERS } from "../../components/azure/prerequisites";

describe("doctor's Azure resource providers", () => {
  it("are exactly the ones the Azure components need", () => {
    expect([...AZURE_PROVIDERS].sort()).toEqual(Object.keys(AZURE_RESOURCE_PROVIDERS).sort());
  });
});
