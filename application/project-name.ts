/** The Pulumi project name (Pulumi.yaml `name:`): config parsing and the offline engine use it. */
export const PROJECT_NAME = "semantest-infrastructure";
