/** Templates shaped like the one Rolegate publishes, in YAML (short-form tags) and JSON (long form). */
export function rolegateYaml(partnerAccountId = "111111111111"): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
Description: Lets Rolegate read this account through a cross-account role with an External ID.
Metadata:
  AWS::CloudFormation::Interface:
    ParameterGroups:
      - Label: { default: Connection }
        Parameters: [ExternalId, RoleName]
    ParameterLabels:
      ExternalId: { default: External ID }
  Rolegate:
    TemplateVersion: 3
Parameters:
  ExternalId:
    Type: String
    Description: The External ID Rolegate gave your organization. Do not change it.
    MinLength: 2
    MaxLength: 1224
    AllowedPattern: '[\\w+=,.@:\\/-]*'
  RoleName:
    Type: String
    Default: RolegateAccess
    Description: Name of the IAM role to create.
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Ref RoleName
      Path: /rolegate/
      Description: !Sub "Rolegate access (stack \${AWS::StackName} in \${AWS::Region})"
      MaxSessionDuration: 3600
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub "arn:\${AWS::Partition}:iam::${partnerAccountId}:root"
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                sts:ExternalId: !Ref ExternalId
                aws:PrincipalArn: !Sub "arn:\${AWS::Partition}:iam::${partnerAccountId}:user/rolegate-partner"
      ManagedPolicyArns:
        - !Sub "arn:\${AWS::Partition}:iam::aws:policy/SecurityAudit"
      Policies:
        - PolicyName: RolegateReadOnly
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ["iam:GetRole", "sts:GetCallerIdentity"]
                Resource: "*"
      Tags:
        - Key: managed-by
          Value: rolegate
Outputs:
  RoleArn:
    Description: Paste this ARN into Rolegate.
    Value: !GetAtt Role.Arn
    Export:
      Name: !Sub "\${AWS::StackName}-RoleArn"
`;
}

export function rolegateJson(partnerAccountId = "111111111111"): string {
  return JSON.stringify(
    {
      AWSTemplateFormatVersion: "2010-09-09",
      Parameters: {
        ExternalId: { Type: "String", MinLength: 2, MaxLength: 1224, AllowedPattern: "[\\w+=,.@:\\/-]*" },
        RoleName: { Type: "String", Default: "RolegateAccess" },
      },
      Resources: {
        Role: {
          Type: "AWS::IAM::Role",
          Properties: {
            RoleName: { Ref: "RoleName" },
            AssumeRolePolicyDocument: {
              Version: "2012-10-17",
              Statement: [
                {
                  Effect: "Allow",
                  Principal: { AWS: { "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, `:iam::${partnerAccountId}:root`]] } },
                  Action: "sts:AssumeRole",
                  Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
                },
              ],
            },
          },
        },
      },
      Outputs: { RoleArn: { Value: { "Fn::GetAtt": ["Role", "Arn"] } } },
    },
    null,
    2,
  );
}
