/** A module that exports no app at all: the host must answer 500, not crash. */
export const notAnApp = 42;
