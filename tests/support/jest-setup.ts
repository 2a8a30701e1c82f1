/** jest.config.js's setupFilesAfterEnv: runs in each test file's environment before its tests. */
import { installPulumiDebugStacks } from "./pulumi-debug-stacks";

installPulumiDebugStacks();
