import { describe, expect, it } from "vitest";
import { KUBECOST_LINES, chartVersionProblem, defaultLineFor, lineOfVersion, methodLineProblem, nearestVerified, newerVersionNotice } from "./kubecost-lines";

describe("Kubecost chart lines", () => {
  it("places every verified and readable version on its own line", () => {
    for (const l of KUBECOST_LINES) for (const v of [l.verified, ...l.readable]) expect(lineOfVersion(v)?.id).toBe(l.id);
    expect(lineOfVersion("2.9.3")?.id).toBe("2.9");
    expect(lineOfVersion("2.8.0")?.id).toBe("2.x");
    expect(lineOfVersion("1.107.0")).toBeUndefined();
  });

  it("defaults each method to the newest line that runs it", () => {
    expect(defaultLineFor("thanos-bundled")).toBe("1.x");
    expect(defaultLineFor("federated-etl")).toBe("2.x");
    expect(defaultLineFor("amp")).toBe("2.x");
  });

  it("says why a method cannot run on a line and which line can", () => {
    expect(methodLineProblem("thanos-bundled", "2.x")).toMatch(/Only Kubecost 1\.108 bundles Thanos.*Choose chart line 1\.x/);
    expect(methodLineProblem("federated-etl", "1.x")).toMatch(/Choose chart line 2\.x/);
    expect(methodLineProblem("federated-etl", "2.x")).toBeNull();
  });

  it("takes a release newer than the verified one on its line, with a notice of what it is checked against", () => {
    expect(chartVersionProblem("3.x", "3.3.0")).toBeNull();
    expect(lineOfVersion("3.9.2")?.id).toBe("3.x");
    expect(lineOfVersion("2.8.9")?.id).toBe("2.x");
    expect(newerVersionNotice("3.3.0")).toBe(
      "Kubecost 3.3.0 is newer than 3.2.1, the version this console verified: keys, types and refused keys are checked against kubecost 3.2.1. Drop the 3.3.0 chart package (helm pull kubecost/kubecost --version 3.3.0) to check against it.",
    );
    expect(newerVersionNotice("3.2.1")).toBeUndefined();
    expect(newerVersionNotice("2.4.2")).toBeUndefined();
  });

  it("names the nearest verified version for versions no line holds", () => {
    expect(chartVersionProblem("3.x", "4.0.0")).toMatch(/nearest verified version is 3\.2\.1/);
    expect(chartVersionProblem("2.x", "2.10.1")).toMatch(/nearest verified version is 2\.9\.7/);
    expect(nearestVerified("1.100.0")).toBe("1.108.1");
    expect(chartVersionProblem("2.x", "2.8.7")).toBeNull();
    expect(chartVersionProblem("2.x", "v2.8.7")).toMatch(/look like 2\.8\.7/);
  });
});
