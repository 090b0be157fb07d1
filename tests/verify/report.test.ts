import * as assert from "assert";
import { renderText } from "../../verify/report";
import { BucketReport } from "../../verify/run";
import { TARGET } from "./fake-bucket";

describe("verify text report", () => {
    it("aligns the columns and lists the service's messages for failed rows only", () => {
        const report: BucketReport = {
            target: { ...TARGET, label: "logs" },
            probePrefix: "p/run/",
            rows: [
                { check: "versioning", expected: "Enabled", got: "Enabled", pass: true },
                { check: "bucket policy", expected: "present, valid JSON", got: "error: NoSuchBucketPolicy (404)", pass: false, detail: "The bucket policy does not exist" },
            ],
        };
        assert.strictEqual(
            renderText([report]),
            [
                "bucket  verify-test-bucket (logs)",
                "region  eu-west-1",
                `CMK     ${TARGET.keyArn}`,
                "mode    strict, aws:kms",
                "probes  p/run/",
                "",
                "check          expected             got                              result",
                "-------------  -------------------  -------------------------------  ------",
                "versioning     Enabled              Enabled                          PASS",
                "bucket policy  present, valid JSON  error: NoSuchBucketPolicy (404)  FAIL",
                "",
                "details:",
                "  bucket policy: The bucket policy does not exist",
                "",
                "1 bucket, 2 checks: 1 passed, 1 failed",
                "",
            ].join("\n"),
        );
    });
});
