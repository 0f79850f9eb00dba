namespace Kinerja.Host.Organization;

/// <summary>
/// The demo organisation seeded into an empty database: Bagian Organisasi of the Buleleng regional secretariat
/// and the Perangkat Daerah that report their performance data, each with an operator and a head. Names of
/// people are placeholders; mail goes to the reserved <c>buleleng.example</c> domain.
/// </summary>
public static class DemoOrganization
{
    public const string MailDomain = "buleleng.example";

    /// <summary>The Perangkat Daerah of Kabupaten Buleleng (demo list): code, name.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> PerangkatDaerah =
    [
        ("setda", "Sekretariat Daerah"),
        ("setwan", "Sekretariat DPRD"),
        ("inspektorat", "Inspektorat Daerah"),
        ("bappeda", "Badan Perencanaan Pembangunan Daerah"),
        ("bpkpd", "Badan Pengelola Keuangan dan Pendapatan Daerah"),
        ("bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
        ("bpbd", "Badan Penanggulangan Bencana Daerah"),
        ("kesbangpol", "Badan Kesatuan Bangsa dan Politik"),
        ("disdikpora", "Dinas Pendidikan, Pemuda dan Olahraga"),
        ("dinkes", "Dinas Kesehatan"),
        ("rsud", "Rumah Sakit Umum Daerah Kabupaten Buleleng"),
        ("rsp-giri-emas", "Rumah Sakit Pratama Giri Emas"),
        ("rsp-tangguwisia", "Rumah Sakit Pratama Tangguwisia"),
        ("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang"),
        ("disperkimta", "Dinas Perumahan, Kawasan Permukiman dan Pertanahan"),
        ("satpolpp", "Satuan Polisi Pamong Praja"),
        ("damkar", "Dinas Pemadam Kebakaran dan Penyelamatan"),
        ("dinsos", "Dinas Sosial"),
        ("dp2kbp3a", "Dinas Pengendalian Penduduk dan Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak"),
        ("disnaker", "Dinas Tenaga Kerja"),
        ("dkpp", "Dinas Ketahanan Pangan"),
        ("dlh", "Dinas Lingkungan Hidup"),
        ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
        ("dpmd", "Dinas Pemberdayaan Masyarakat dan Desa"),
        ("dishub", "Dinas Perhubungan"),
        ("diskominfosanti", "Dinas Komunikasi, Informatika, Persandian dan Statistik"),
        ("diskopukmperindag", "Dinas Koperasi, Usaha Kecil dan Menengah, Perindustrian dan Perdagangan"),
        ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
        ("disbud", "Dinas Kebudayaan"),
        ("dispar", "Dinas Pariwisata"),
        ("disperpus", "Dinas Perpustakaan dan Kearsipan"),
        ("dkp", "Dinas Perikanan"),
        ("distan", "Dinas Pertanian"),
        ("kec-gerokgak", "Kecamatan Gerokgak"),
        ("kec-seririt", "Kecamatan Seririt"),
        ("kec-busungbiu", "Kecamatan Busungbiu"),
        ("kec-banjar", "Kecamatan Banjar"),
        ("kec-sukasada", "Kecamatan Sukasada"),
        ("kec-buleleng", "Kecamatan Buleleng"),
        ("kec-sawan", "Kecamatan Sawan"),
        ("kec-kubutambahan", "Kecamatan Kubutambahan"),
        ("kec-tejakula", "Kecamatan Tejakula"),
    ];

    public const string Sekda = "sekda";
    public const string Kabag = "kabag.organisasi";
    public const string Kasubbag = "kasubbag.kinerja";
    public const string PengelolaData = "pengelola.data";
    public const string PengelolaDataDua = "pengelola.data2";

    public static string OperatorKey(string skpdCode) => $"operator.{skpdCode}";

    public static string HeadKey(string skpdCode) => $"kepala.{skpdCode}";

    public static string SkpdGroup(string skpdCode) => $"skpd:{skpdCode}";

    public sealed record Seed(IReadOnlyList<Skpd> Skpds, IReadOnlyList<Person> People, IReadOnlyList<Role> Roles, IReadOnlyList<RoleMember> Members);

    public static Seed Create()
    {
        var people = new List<Person>
        {
            NewPerson(Sekda, "Sekretaris Daerah (demo)", "Sekretaris Daerah Kabupaten Buleleng", null),
            NewPerson(Kabag, "Kepala Bagian Organisasi (demo)", "Kepala Bagian Organisasi", Sekda),
            NewPerson(Kasubbag, "Kasubbag Kinerja dan Reformasi Birokrasi (demo)", "Kepala Subbagian Kinerja dan RB", Kabag),
            NewPerson(PengelolaData, "Pengelola Data Kinerja (demo)", "Pengelola Data", Kasubbag),
            NewPerson(PengelolaDataDua, "Pengelola Data Kinerja 2 (demo)", "Pengelola Data", Kasubbag),
        };
        var roles = new List<Role>
        {
            new() { Group = "kabag-organisasi", Name = "Kabag Organisasi" },
            new() { Group = "kasubbag-kinerja-rb", Name = "Kasubbag Kinerja & RB" },
            new() { Group = "pengelola-data", Name = "Pengelola Data" },
        };
        var members = new List<RoleMember>
        {
            new() { Group = "kabag-organisasi", PersonKey = Kabag },
            new() { Group = "kasubbag-kinerja-rb", PersonKey = Kasubbag },
            new() { Group = "pengelola-data", PersonKey = PengelolaData },
            new() { Group = "pengelola-data", PersonKey = PengelolaDataDua },
        };
        var skpds = new List<Skpd>();
        foreach (var (code, name) in PerangkatDaerah)
        {
            skpds.Add(new Skpd { Code = code, Name = name });
            var head = NewPerson(HeadKey(code), $"Kepala {name} (demo)", $"Kepala {name}", Sekda, code);
            var operatorPerson = NewPerson(OperatorKey(code), $"Operator {name} (demo)", "Operator Data Kinerja", head.Key, code);
            people.Add(head);
            people.Add(operatorPerson);
            roles.Add(new Role { Group = SkpdGroup(code), Name = $"Operator {name}" });
            members.Add(new RoleMember { Group = SkpdGroup(code), PersonKey = operatorPerson.Key });
        }

        return new Seed(skpds, people, roles, members);
    }

    private static Person NewPerson(string key, string name, string position, string? supervisor, string? skpd = null) => new()
    {
        Key = key,
        Name = name,
        Position = position,
        Email = $"{key}@{MailDomain}",
        SupervisorKey = supervisor,
        SkpdCode = skpd,
    };
}
