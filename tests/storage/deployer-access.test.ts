/** The deploying principal's type for its role assignment (components/azure/deployer-access.ts), pure. */
import fc from "fast-check";
import { DEPLOYER_PRINCIPAL_TYPES, deployerPrincipalType, PRINCIPAL_TYPE_VARIABLE } from "../../components/azure/deployer-access";

describe("deployerPrincipalType", () => {
  it("is a service principal when azure-native signs in as one (ARM_CLIENT_ID, OIDC, managed identity), else the az login user", () => {
    expect(deployerPrincipalType({})).toBe("User");
    expect(deployerPrincipalType({ ARM_CLIENT_ID: "app", ARM_USE_OIDC: "true" })).toBe("ServicePrincipal");
    expect(deployerPrincipalType({ ARM_USE_MSI: "TRUE" })).toBe("ServicePrincipal");
    expect(deployerPrincipalType({ ARM_USE_OIDC: "false" })).toBe("User");
    expect(deployerPrincipalType({ SEMANTEST_DEPLOYER_PRINCIPAL_TYPE: "ServicePrincipal" })).toBe("ServicePrincipal");
    expect(deployerPrincipalType({ ARM_CLIENT_ID: "app", SEMANTEST_DEPLOYER_PRINCIPAL_TYPE: "Group" })).toBe("Group");
  });

  it("names the variable, the value and what is allowed when the override is wrong", () => {
    expect(() => deployerPrincipalType({ SEMANTEST_DEPLOYER_PRINCIPAL_TYPE: "MSI" })).toThrow('SEMANTEST_DEPLOYER_PRINCIPAL_TYPE is "MSI"; allowed: User, ServicePrincipal, Group');
  });

  it("takes any allowed override as is and refuses anything else with the variable, the value and the allowed list (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.record({ ARM_CLIENT_ID: fc.option(fc.string(), { nil: undefined }), ARM_USE_OIDC: fc.option(fc.constantFrom("true", "false"), { nil: undefined }) }), (value, env) => {
        const withOverride = { ...env, [PRINCIPAL_TYPE_VARIABLE]: value };
        if (value === "") expect(DEPLOYER_PRINCIPAL_TYPES).toContain(deployerPrincipalType(withOverride));
        else if ((DEPLOYER_PRINCIPAL_TYPES as readonly string[]).includes(value)) expect(deployerPrincipalType(withOverride)).toBe(value);
        else expect(() => deployerPrincipalType(withOverride)).toThrow(`${PRINCIPAL_TYPE_VARIABLE} is ${JSON.stringify(value)}; allowed: User, ServicePrincipal, Group`);
      }),
      { seed: 22, numRuns: 300 },
    );
  });
});
