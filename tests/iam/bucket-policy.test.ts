/**
 * Issue 4: uploads into the bucket, for every enforcement mode, algorithm and key mode, evaluated
 * against the bucket policy the component registers. See matrix.ts for the cases, and for what is
 * known about UploadPart.
 */
import { checkCase } from "./check";
import { bucketCases } from "./matrix";
import { ALGORITHMS, MODES, Render, pick, renders, variantName } from "./render";
import { note, writeReportAfterRun } from "./report";

writeReportAfterRun();

for (const existingKey of [false, true]) {
    for (const mode of MODES) {
        for (const alg of ALGORITHMS) {
            const name = variantName(mode, alg, existingKey);
            describe(`IAM proofs: bucket policy, ${name}`, () => {
                let render: Render;
                before(async () => {
                    render = pick(await renders(), name);
                });
                const cases = bucketCases(mode, alg, existingKey);
                for (const section of [...new Set(cases.map((c) => c.section))]) {
                    describe(section, () => {
                        for (const c of cases.filter((x) => x.section === section)) {
                            it(`${c.name}: ${c.expected.decision}${c.expected.deniedBy.length ? ` by ${c.expected.deniedBy.join(" + ")}` : ""}`, () => checkCase(c, render));
                        }
                    });
                }
            });
        }
    }
}

note(
    "UploadPart is authorised as s3:PutObject but cannot carry the SSE headers. \"as sent\" evaluates a part with the headers it can carry; " +
    "\"as initiated\" with the encryption the upload was created with. In strict mode they differ: as sent, EncryptedBucketDenyUnencryptedUploads " +
    "refuses every part (multipart uploads would fail); as initiated, parts of a CMK upload pass. AWS does not document which context it uses: " +
    "confirm with a real multipart upload (> 8 MiB `aws s3 cp`) against a strict bucket before relying on strict mode for multipart clients.",
);
