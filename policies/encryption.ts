import { Policy, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { bucketsWith } from "./lib/s3";
import { asArray, configOf, tryKnown } from "./lib/values";

/**
 * Encryption at rest with customer-managed KMS keys. Each resource type's rule says what is
 * unencrypted (mandatory) and what is encrypted only with an AWS-managed or AWS-owned key
 * (advisory); the two policies below share the table.
 */

interface EncryptionFinding {
    /** Data rests unencrypted: a mandatory finding. */
    unencrypted?: string;
    /** Encrypted, but with a key AWS manages (SSE-S3, aws/<service>): an advisory finding. */
    awsManaged?: string;
}

type EncryptionRule = (props: Record<string, any>) => EncryptionFinding[];

const EBS_PROVISIONERS = new Set(["ebs.csi.aws.com", "kubernetes.io/aws-ebs"]);
/** ApplicationData names its access log bucket `<name>-access-logs`. */
const ACCESS_LOG_TARGETS = "-access-logs$";
const S3_SSE_TYPES = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];

/** `encrypted` flag plus key ARN, the most common shape. */
function flagAndKey(flag: string, key: string, flagValue: unknown, keyValue: unknown, where = ""): EncryptionFinding[] {
    if (flagValue !== true && flagValue !== "true") {
        return [{ unencrypted: `${where}${flag} is not true; set it to true with ${key} = a customer-managed KMS key` }];
    }
    return keyValue ? [] : [{ awsManaged: `${where}${key} is not set, so the AWS-managed key is used; set it to a customer-managed KMS key` }];
}

function keyOnly(key: string, value: unknown, awsManagedAliases: string[] = []): EncryptionFinding[] {
    if (!value) {
        return [{ awsManaged: `${key} is not set, so an AWS-managed or AWS-owned key is used; set it to a customer-managed KMS key` }];
    }
    return awsManagedAliases.includes(String(value)) ? [{ awsManaged: `${key} is the AWS-managed key ${value}; use a customer-managed KMS key` }] : [];
}

const s3SseRule: EncryptionRule = (props) =>
    asArray(props.rules).flatMap((rule, i): EncryptionFinding[] => {
        const sse = rule?.applyServerSideEncryptionByDefault ?? {};
        const where = `rules[${i}].applyServerSideEncryptionByDefault`;
        if (sse.sseAlgorithm === "AES256") {
            return [{ awsManaged: `${where}.sseAlgorithm is AES256 (SSE-S3); use "aws:kms" with a customer-managed kmsMasterKeyId` }];
        }
        return sse.kmsMasterKeyId ? [] : [{ awsManaged: `${where}.kmsMasterKeyId is not set, so the AWS-managed aws/s3 key is used; set a customer-managed key` }];
    });

export const ENCRYPTION_RULES: Record<string, EncryptionRule> = {
    "aws:ebs/volume:Volume": (p) => flagAndKey("encrypted", "kmsKeyId", p.encrypted, p.kmsKeyId),
    "aws:ec2/launchTemplate:LaunchTemplate": (p) =>
        asArray(p.blockDeviceMappings).flatMap((m, i) => (m?.ebs ? flagAndKey("encrypted", "kmsKeyId", m.ebs.encrypted, m.ebs.kmsKeyId, `blockDeviceMappings[${i}].ebs.`) : [])),
    "aws:ec2/instance:Instance": (p) => [
        ...flagAndKey("encrypted", "kmsKeyId", p.rootBlockDevice?.encrypted, p.rootBlockDevice?.kmsKeyId, "rootBlockDevice."),
        ...asArray(p.ebsBlockDevices).flatMap((d, i) => flagAndKey("encrypted", "kmsKeyId", d?.encrypted, d?.kmsKeyId, `ebsBlockDevices[${i}].`)),
    ],
    "aws:rds/instance:Instance": (p) => flagAndKey("storageEncrypted", "kmsKeyId", p.storageEncrypted, p.kmsKeyId),
    "aws:rds/cluster:Cluster": (p) => flagAndKey("storageEncrypted", "kmsKeyId", p.storageEncrypted, p.kmsKeyId),
    "aws:efs/fileSystem:FileSystem": (p) => flagAndKey("encrypted", "kmsKeyId", p.encrypted, p.kmsKeyId),
    "aws:cloudwatch/logGroup:LogGroup": (p) => keyOnly("kmsKeyId", p.kmsKeyId),
    "aws:sns/topic:Topic": (p) =>
        p.kmsMasterKeyId
            ? keyOnly("kmsMasterKeyId", p.kmsMasterKeyId, ["alias/aws/sns"])
            : [{ unencrypted: "kmsMasterKeyId is not set, so messages rest unencrypted; set a customer-managed KMS key" }],
    "aws:sqs/queue:Queue": (p) =>
        p.kmsMasterKeyId || p.sqsManagedSseEnabled !== false
            ? keyOnly("kmsMasterKeyId", p.kmsMasterKeyId, ["alias/aws/sqs"])
            : [{ unencrypted: "sqsManagedSseEnabled is false and no kmsMasterKeyId is set; set a customer-managed KMS key" }],
    "aws:secretsmanager/secret:Secret": (p) => keyOnly("kmsKeyId", p.kmsKeyId),
    "aws:ecr/repository:Repository": (p) => {
        const config = asArray(p.encryptionConfigurations)[0];
        return config?.encryptionType === "KMS"
            ? keyOnly("encryptionConfigurations[0].kmsKey", config.kmsKey)
            : [{ awsManaged: 'encryptionConfigurations[0].encryptionType is not "KMS" (AES256 default); use KMS with a customer-managed kmsKey' }];
    },
    "aws:backup/vault:Vault": (p) => keyOnly("kmsKeyArn", p.kmsKeyArn),
    "aws:dynamodb/table:Table": (p) =>
        p.serverSideEncryption?.enabled === true
            ? keyOnly("serverSideEncryption.kmsKeyArn", p.serverSideEncryption.kmsKeyArn)
            : [{ awsManaged: "serverSideEncryption.enabled is not true, so an AWS-owned key is used; enable it with a customer-managed kmsKeyArn" }],
    "aws:eks/cluster:Cluster": (p) => {
        const config = p.encryptionConfig;
        const coversSecrets = asArray(config?.resources).includes("secrets");
        return coversSecrets && config?.provider?.keyArn
            ? []
            : [{ unencrypted: 'encryptionConfig does not envelope-encrypt `secrets` with a KMS key; set encryptionConfig { resources: ["secrets"], provider: { keyArn } }' }];
    },
    "eks:index:Cluster": (p) =>
        p.encryptionConfigKeyArn
            ? []
            : [{ unencrypted: "encryptionConfigKeyArn is not set, so Kubernetes Secrets are not envelope-encrypted; set it to a customer-managed KMS key ARN" }],
    "kubernetes:storage.k8s.io/v1:StorageClass": (p) => {
        if (!EBS_PROVISIONERS.has(p.provisioner)) {
            return [];
        }
        if (p.parameters?.encrypted !== "true") {
            return [{ unencrypted: 'parameters.encrypted is not "true"; set it to "true" with parameters.kmsKeyId = a customer-managed KMS key' }];
        }
        return keyOnly("parameters.kmsKeyId", p.parameters.kmsKeyId);
    },
    ...Object.fromEntries(S3_SSE_TYPES.map((type) => [type, s3SseRule])),
};

function findings(args: ResourceValidationArgs): EncryptionFinding[] {
    return ENCRYPTION_RULES[args.type]?.(args.props) ?? [];
}

export const encryptionAtRest: ResourceValidationPolicy = {
    name: "encryption-at-rest",
    description: "Data at rest is encrypted: EKS Secrets, EBS volumes and launch templates, RDS/Aurora, EFS, SNS, SQS and EBS StorageClasses.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Turn encryption on where the message says, with a customer-managed KMS key from SecureCluster's keys (`storage` for volumes and data, `secrets` for EKS and Secrets Manager, `logs` for log groups).",
    validateResource: (args, reportViolation) => {
        for (const finding of findings(args)) {
            if (finding.unencrypted) {
                reportViolation(`${finding.unencrypted}.`);
            }
        }
    },
};

export const customerManagedKeys: ResourceValidationPolicy = {
    name: "encryption-customer-managed-key",
    description: "Encrypted data uses customer-managed KMS keys (rotated, auditable, revocable), not SSE-S3 or AWS-managed keys.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: "Pass the ARN of the matching platform key (SecureCluster keys: storage, secrets, logs) in the field the message names.",
    configSchema: {
        properties: {
            accessLogTargets: {
                type: "string",
                default: ACCESS_LOG_TARGETS,
                description:
                    "Regular expression for the resource names of S3 server access log target buckets' encryption: S3 delivers access logs only to SSE-S3 buckets, so SSE-S3 is expected there.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const { accessLogTargets } = configOf(args, { accessLogTargets: ACCESS_LOG_TARGETS });
        if (S3_SSE_TYPES.includes(args.type) && new RegExp(accessLogTargets).test(args.name)) {
            return;
        }
        for (const finding of findings(args)) {
            if (finding.awsManaged) {
                reportViolation(`${finding.awsManaged}.`);
            }
        }
    },
};

export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation",
    description: "Customer-managed symmetric KMS keys rotate automatically.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `enableKeyRotation: true` (and `rotationPeriodInDays`, 90-2560; we use 365) on the aws.kms.Key.",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:kms/key:Key") {
            return;
        }
        const spec = args.props.customerMasterKeySpec ?? args.props.keySpec ?? "SYMMETRIC_DEFAULT";
        if (spec === "SYMMETRIC_DEFAULT" && args.props.enableKeyRotation !== true) {
            reportViolation("enableKeyRotation is not true; set it to true so the key material rotates yearly.");
        }
    },
};

export const s3BucketEncryption: StackValidationPolicy = {
    name: "s3-bucket-encryption",
    description: "Every S3 bucket has a server-side encryption configuration (aws 7: the separate BucketServerSideEncryptionConfiguration resource).",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        'Add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket with rules[0].applyServerSideEncryptionByDefault { sseAlgorithm: "aws:kms", kmsMasterKeyId: <storage key ARN> } and bucketKeyEnabled: true.',
    validateStack: (args, reportViolation) => {
        for (const { bucket, configs } of bucketsWith(args.resources, S3_SSE_TYPES)) {
            const inline = tryKnown(() => asArray(bucket.props.serverSideEncryptionConfiguration?.rules).length > 0);
            if (configs.length === 0 && !inline) {
                reportViolation(`S3 bucket "${bucket.name}" has no server-side encryption configuration; add a BucketServerSideEncryptionConfiguration with SSE-KMS.`, bucket.urn);
            }
        }
    },
};

export const encryptionPolicies: Policy[] = [encryptionAtRest, customerManagedKeys, kmsKeyRotation, s3BucketEncryption];
