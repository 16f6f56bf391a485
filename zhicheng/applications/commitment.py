"""《专业技术资格申报材料真实性保证书》: the text the applicant signs, written for this platform.

The text names the applicant (masked ID) and what is applied for, so a signature cannot be moved to
another application. Its SHA-256 is stored with the signature; if the application's plan or level
changes afterwards the text changes too and the applicant must sign again.
"""

import hashlib

from zhicheng.plans.models import TITLE_FOR_LEVEL

TITLE = "专业技术资格申报材料真实性保证书"


def commitment_text(application) -> str:
    applicant = application.applicant
    level = TITLE_FOR_LEVEL.get(application.level, "（未选择级别）")
    return "\n".join(
        [
            TITLE,
            "",
            f"本人{applicant.real_name}（身份证号 {applicant.masked_id_number}），申报“{application.plan.name}”"
            f"{application.plan.specialty}专业{level}资格，现郑重承诺：",
            "一、本人在平台填写的个人基本信息、业绩档案和申报信息，以及上传的证书、证明、论文、项目等全部材料，"
            "均真实、准确、完整，扫描件与原件一致。",
            "二、所列业绩成果均为本人参与完成，本人的排名和所起作用如实填写；论文、著作没有抄袭、剽窃他人成果，"
            "专利不是通过转让并变更发明人取得。",
            "三、本人没有挂靠申报；社会保险、人事档案和劳动关系情况如实填报；任现职期间受到的处分、处罚"
            "或正在接受的调查已如实填报。",
            "四、本人知悉：通过提供虚假材料、剽窃他人作品和学术成果或者其他不正当手段取得职称的，将被撤销职称，"
            "记入职称评审诚信档案库并纳入全国信用信息共享平台，记录期限为三年；由此产生的一切后果由本人承担。",
            "五、本人同意各级审核部门和评审委员会为资格审查和评审需要核查、使用上述材料，并按规定公示。",
            "",
            "承诺人（手写签名）：",
        ]
    )


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
